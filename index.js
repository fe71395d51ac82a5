// n8n loads the nodes and the credential listed in package.json's "n8n" field;
// this entry point exists for tools that expect a main module.
module.exports = {};
