#!/usr/bin/env node
console.log("azure-redis-entra CLI: not built yet");
