import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import { CREDENTIAL_TEST_TIMEOUT_MS, DEFAULT_BASE_URL, ENDPOINTS } from '../nodes/shared/constants';
import { apiKeyProblem, cleanApiKey, keyDestinationProblem, normalizeBaseUrl, REDIRECT_STATUSES } from '../nodes/shared/transport/boundary';

/** The options of n8n's older request helper, as the HTTP Request node sends them (request-library names). */
type LegacyRequestOptions = IHttpRequestOptions & { uri?: unknown; followRedirect?: boolean; followAllRedirects?: boolean };

/** Test connection's rules: the message for an answer with one of these statuses. */
const onStatus = (statuses: Iterable<number>, message: (status: number) => string) =>
	[...statuses].map((value) => ({ type: 'responseCode' as const, properties: { value, message: message(value) } }));

export class MpServicesApi implements ICredentialType {
	name = 'mpServicesApi';

	displayName = 'MPservices API';

	icon = { light: 'file:../icons/mpServices.svg', dark: 'file:../icons/mpServices.dark.svg' } as const;

	// A page of its own: n8n appends its tracking parameters to this address, which would break an #anchor.
	documentationUrl = 'https://github.com/mpservices/n8n-nodes-mpservices/blob/main/docs/nodes/mpservices-api-credential.md';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Create a key in the MPservices web app under Integrations Settings and paste it here (a leading "token:" is fine). It is sent in the "token" header, only to the Base URL.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'The address of the MPservices integrations API; change it only for a test server. It must start with https:// (plain http:// only for a server on this machine).',
		},
	];

	/**
	 * Puts the key in the `token` header of every request n8n sends with this credential: the nodes' (`url`), Test connection's
	 * (`baseURL` + `url`), and the HTTP Request node's with this credential as a Predefined Credential Type (n8n's older
	 * request helper: `uri`, `followRedirect`). The last guard before anything is sent: the key goes only to the Base URL's
	 * origin, and n8n follows no redirect with it (it would carry `token` to another host). A function, not n8n's declarative
	 * block, because a block cannot refuse a destination.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const legacy = requestOptions as LegacyRequestOptions;
		const url = requestOptions.url ?? (typeof legacy.uri === 'string' ? legacy.uri : undefined);
		const baseURL = requestOptions.baseURL === undefined ? undefined : normalizeBaseUrl(requestOptions.baseURL);
		// As axios resolves it: an absolute url wins over baseURL.
		const target = baseURL && !/^[a-z][a-z\d+.-]*:\/\//i.test(url ?? '') ? `${baseURL}/${(url ?? '').replace(/^\/+/, '')}` : url;
		const key = cleanApiKey(credentials.apiKey);
		const problem =
			(target === undefined ? 'The request has no address to send the MPservices API key to' : keyDestinationProblem(normalizeBaseUrl(credentials.baseUrl), target)) ??
			apiKeyProblem(key);
		if (problem) throw new ApplicationError(problem);
		const authenticated: LegacyRequestOptions = {
			...requestOptions,
			disableFollowRedirect: true,
			followRedirect: false,
			followAllRedirects: false,
			headers: { ...requestOptions.headers, token: key },
		};
		// Test connection is the one request with a baseURL: bounded here as a whole, since n8n gives
		// it only a 300 s idle timeout and lets the test carry no signal of its own.
		if (baseURL !== undefined) {
			const deadline = AbortSignal.timeout(CREDENTIAL_TEST_TIMEOUT_MS);
			authenticated.baseURL = baseURL;
			authenticated.abortSignal = requestOptions.abortSignal ? AbortSignal.any([requestOptions.abortSignal as AbortSignal, deadline]) : deadline;
			authenticated.timeout = Math.min(requestOptions.timeout ?? CREDENTIAL_TEST_TIMEOUT_MS, CREDENTIAL_TEST_TIMEOUT_MS);
		}
		return authenticated;
	}

	/**
	 * Test connection: one list request. Its body is not read (`stream`), so a slow or huge answer cannot hold it up; it is
	 * bounded by CREDENTIAL_TEST_TIMEOUT_MS and a 3xx is not followed (authenticate), and is reported as such.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: ENDPOINTS.inventoryMovements.path,
			method: ENDPOINTS.inventoryMovements.method,
			encoding: 'stream',
		},
		rules: [
			...onStatus([401, 403], (status) => `MPservices rejected the API key (${status}). Copy the key again from Integrations Settings in the MPservices web app; a leading "token:" is fine.`),
			...onStatus(
				REDIRECT_STATUSES,
				(status) => `The Base URL answered with a redirect (${status}). The key is sent only to the Base URL itself and the redirect was not followed: set the Base URL to the address of the MPservices integrations API.`,
			),
		],
	};
}
