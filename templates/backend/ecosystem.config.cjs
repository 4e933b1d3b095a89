// PM2 in cluster mode: one process per vCPU of the plan's instance type, on each backend instance.
// Start with `pm2 start ecosystem.config.cjs` after `npm run build`. PM2 stops workers with SIGINT,
// which the server handles by draining requests (src/server.ts).
const plan = require("./heirloom.config.json");

module.exports = {
  apps: [
    {
      name: "heirloom-backend",
      script: "dist/server.js",
      exec_mode: "cluster",
      instances: plan.cluster.processesPerInstance,
      kill_timeout: 12000,
      max_memory_restart: "512M", // the guide's target: under 512MB per instance
      // HEIRLOOM_PROCESSES: /health reports how many processes serve this instance.
      env: { NODE_ENV: "production", PORT: String(plan.cluster.port), HEIRLOOM_PROCESSES: String(plan.cluster.processesPerInstance) },
    },
  ],
};
