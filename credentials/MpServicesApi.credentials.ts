import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, ENDPOINTS } from '../nodes/shared/constants';

export class MpServicesApi implements ICredentialType {
	name = 'mpServicesApi';

	displayName = 'MPservices API';

	icon = { light: 'file:../icons/mpServices.svg', dark: 'file:../icons/mpServices.dark.svg' } as const;

	documentationUrl = 'https://github.com/mpservices/n8n-nodes-mpservices#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Create a key in the MPservices web app under Integrations Settings. It is sent in the "token" header.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'The address of the MPservices integrations API; change it only for a test server',
		},
	];

	/**
	 * Puts the key in the `token` header. A function rather than a declarative
	 * block: n8n would otherwise evaluate an expression for every request,
	 * about a tenth of the node's CPU time in a bulk sync (see npm run bench).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, token: String(credentials.apiKey) } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: ENDPOINTS.inventoryMovements.path,
			method: ENDPOINTS.inventoryMovements.method,
		},
	};
}
