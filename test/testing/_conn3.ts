import { startLocalEntraRedis } from "../../src/testing/index.ts";
import tls from "node:tls";
const gw = await startLocalEntraRedis({ backendTls: true });
await gw.assign("u", "Data Owner");
const tok = (await gw.credential("u").getToken("https://redis.azure.com/.default"))!.token;
const ctx = tls.createSecureContext({ ca: gw.ca });
const one = (port: number, user: string, pass: string) => new Promise<number>((resolve, reject) => {
  const s0 = performance.now();
  const s = tls.connect({ host: "127.0.0.1", port, secureContext: ctx }, () => {
    s.write(`*3\r\n$4\r\nAUTH\r\n$${user.length}\r\n${user}\r\n$${pass.length}\r\n${pass}\r\n`);
    s.once("data", (d) => { if (!String(d).startsWith("+OK")) reject(new Error(String(d))); s.destroy(); resolve(performance.now() - s0); });
  });
  s.on("error", reject);
});
for (const [name, port, user, pass] of [["gateway", gw.port, "u", tok], ["redis tls", gw.backend.tlsPort!, gw.backend.username, gw.backend.password], ["gateway", gw.port, "u", tok], ["redis tls", gw.backend.tlsPort!, gw.backend.username, gw.backend.password]] as const) {
  const t1 = performance.now();
  for (let i = 0; i < 100; i++) await one(port, user, pass);
  const serial = (performance.now() - t1) / 100;
  const t0 = performance.now();
  await Promise.all([...Array(80).keys()].map(() => one(port, user, pass)));
  console.log(name, "serial avg", serial.toFixed(2), "ms; 80 parallel", (performance.now() - t0).toFixed(0), "ms");
}
await gw.stop();
