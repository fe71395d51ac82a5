'use strict';
// Seeded, realistic MPservices data: clients, assets, technicians, parts.
// Deterministic for a given seed, so tests and demos see the same records.

const CLIENTS = ['Hotel Las Palmas', 'Clínica San Rafael', 'Plaza Norte Mall', 'Colegio Cervantes', 'Acme Logistics'];
const ASSETS = [
	{ name: 'Mini Split 2T', code: 'MS-230' },
	{ name: 'Rooftop Chiller', code: 'CH-101' },
	{ name: 'Emergency Generator', code: 'GEN-07' },
	{ name: 'Passenger Elevator', code: 'EL-02' },
	{ name: 'Water Pump', code: 'WP-15' },
	{ name: 'Cold Room', code: 'CR-04' },
];
const TITLES = [
	'Preventive Monthly Activity',
	'Filter replacement',
	'Refrigerant leak inspection',
	'Quarterly generator load test',
	'Elevator safety check',
	'Pump bearing noise',
	'Thermostat calibration',
];
const TECHNICIANS = [
	{ username: 'John', email: 'john@mail.com' },
	{ username: 'Ana', email: 'ana.ruiz@mail.com' },
	{ username: 'Luis', email: 'luis.m@mail.com' },
	{ username: 'Sofía', email: 'sofia@mail.com' },
];
const PARTS = [
	{ name: 'Air Filter 20x25', unit: 'Pieces', cost: '12.5' },
	{ name: 'R-410A Refrigerant', unit: 'Kilograms', cost: '18' },
	{ name: 'Engine Oil 15W-40', unit: 'Liters', cost: '6.75' },
	{ name: 'V-Belt A42', unit: 'Pieces', cost: '9.9' },
	{ name: 'Copper Pipe 3/8', unit: 'Inches', cost: '0.8' },
	{ name: 'Ball Bearing 6204', unit: 'Pieces', cost: '4.2' },
];

/** A small deterministic PRNG (mulberry32). */
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function makeGenerator(seed = 1) {
	const random = prng(seed);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const int = (min, max) => min + Math.floor(random() * (max - min + 1));
	const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
	// Opaque ids in the shape of the vendor's sample (which is not a valid UUID either).
	const id = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12 + int(0, 2))}`;
	let folio = 197;

	function workOrder(createdAt, overrides = {}) {
		const schedule = new Date(createdAt + int(1, 72) * 3600_000);
		schedule.setUTCMinutes(0, 0, 0);
		const closed = random() < 0.3;
		return {
			id: id(),
			folio: ++folio,
			title: pick(TITLES),
			scheduleDate: schedule.toISOString(),
			start: new Date(schedule.getTime() + 3 * 3600_000).toISOString(),
			end: new Date(schedule.getTime() + 6 * 3600_000).toISOString(),
			open: !closed,
			closed,
			createdAt: new Date(createdAt).toISOString(),
			users: [pick(TECHNICIANS)],
			client: { name: pick(CLIENTS) },
			asset: { ...pick(ASSETS) },
			notes: [],
			...overrides,
		};
	}

	function movement(createdAt, products, overrides = {}) {
		const type = random() < 0.6 ? 'Outbound' : 'Inbound';
		const lines = Array.from({ length: int(1, 3) }, () => {
			const product = pick(products);
			return {
				cost: product.weighted_average,
				quantity: int(1, 10),
				item: product.product_name,
				unit: product.product_unit,
				item_id: product.id,
				item_external_id: product.external_id,
			};
		});
		return {
			id: id(),
			// Parts issued for, and now and then returned from, a recent work order (its folio); stock received on a purchase order.
			reference: type === 'Outbound' || random() < 0.2 ? `Folio-${int(Math.max(198, folio - 12), folio)}` : `PO-${int(1000, 9999)}`,
			type,
			createdAt: new Date(createdAt).toISOString(),
			movements: lines,
			...overrides,
		};
	}

	function products() {
		return PARTS.map((part, index) => ({
			id: String(index + 1).padStart(13, '0'),
			bar_code: `75010000${String(index + 1).padStart(5, '0')}`,
			product_name: part.name,
			product_unit: part.unit,
			external_id: `SKU-${1000 + index}`,
			product_stock: String(int(5, 80)),
			product_location: `Warehouse A, shelf ${index + 1}`,
			weighted_average: part.cost,
			category: part.unit === 'Pieces' ? 'Spare parts' : 'Consumables',
			min_stock: 5,
			max_stock: 100,
		}));
	}

	return { random, int, id, pick, workOrder, movement, products, technicians: TECHNICIANS };
}

module.exports = { makeGenerator, prng };
