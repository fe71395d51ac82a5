// n8n-core writes an instance key into the user folder: keep it inside the repo, out of $HOME.
const path = require('path');
process.env.N8N_USER_FOLDER = path.join(__dirname, '..', '.n8n-test');
process.env.N8N_LOG_LEVEL = 'silent';
