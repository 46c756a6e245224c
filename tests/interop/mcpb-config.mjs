// Prints, as one JSON line, the command, arguments and environment that a host such as Claude Desktop derives from an
// unpacked MCP bundle and the person's settings, computed by the bundle tools' own code (@anthropic-ai/mcpb), so that
// BundleTests start the server exactly as the host would. Prints null when the host would not start it (a required
// setting missing).
//   node mcpb-config.mjs <unpacked-bundle-folder> '<settings as a JSON object>'
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, sep } from "node:path";
import { getMcpConfigForManifest } from "@anthropic-ai/mcpb";

const [folder, settings = "{}"] = process.argv.slice(2);
if (!folder) {
  console.error("usage: node mcpb-config.mjs <unpacked-bundle-folder> '<settings JSON>'");
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8"));
const config = await getMcpConfigForManifest({
  manifest,
  extensionPath: folder,
  systemDirs: { HOME: homedir(), DESKTOP: join(homedir(), "Desktop"), DOCUMENTS: join(homedir(), "Documents"), DOWNLOADS: join(homedir(), "Downloads") },
  userConfig: JSON.parse(settings),
  pathSeparator: sep,
});
console.log(JSON.stringify(config ?? null));
