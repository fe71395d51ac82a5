'use strict';
// The thinnest node that sends what our Update Stock and Cost sends: the
// benchmark's reference point for our node's own per-item work (never
// published). Per item it reads three parameters, sends the PATCH form-encoded
// through n8n's httpRequestWithAuthentication with our credential type (so n8n
// applies our credential's authenticate), at most `concurrency` in flight,
// and outputs the answer with its pairedItem. No validation, no guards, no
// retries, no deadline or size limit of its own.

const THIN_UPDATE = 'bench.thinUpdateStockCost';

class ThinUpdateStockCost {
	constructor() {
		this.description = {
			displayName: 'Thin Update Stock and Cost (bench)',
			name: THIN_UPDATE,
			group: ['output'],
			version: 1,
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'mpServicesApi', required: true }],
			properties: [
				{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
				{ displayName: 'New Stock', name: 'newStock', type: 'string', default: '' },
				{ displayName: 'New Cost', name: 'newCost', type: 'string', default: '' },
				{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 5 },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const { baseUrl } = await this.getCredentials('mpServicesApi');
		const url = `${String(baseUrl).replace(/\/+$/, '')}/UpdateProductStockCost`;
		const concurrency = this.getNodeParameter('concurrency', 0, 5);
		const out = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const i = next++;
				const body = new URLSearchParams({
					external_id: String(this.getNodeParameter('externalId', i)),
					new_stock: String(this.getNodeParameter('newStock', i)),
					new_cost: String(this.getNodeParameter('newCost', i)),
				}).toString();
				const json = await this.helpers.httpRequestWithAuthentication.call(this, 'mpServicesApi', {
					method: 'PATCH',
					url,
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body,
					json: true,
				});
				out[i] = { json, pairedItem: { item: i } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
		return [out];
	}
}

module.exports = { ThinUpdateStockCost, THIN_UPDATE };
