#!/usr/bin/env node
// Interop check: the official TypeScript MCP SDK client against RcMcp's Streamable HTTP endpoint.
//
//   node tests/interop/ts-client.mjs <url> [token]
//
// Connects (initialize + initialized), lists the tools, calls get_account, then calls delete_database on the sandbox's
// seeded database; the server asks for confirmation through form-mode elicitation, which this client accepts with
// {confirm: true}. Closes the session (DELETE) at the end. Prints ONE JSON line to stdout:
//   {toolCount, toolNames, accountId, elicited, elicitationMessage, deleteTaskId, protocolVersion, sessionId}
// Exit 0 on success; on any failure, non-zero with the reason on stderr (stdout stays empty).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const TIMEOUT_MS = Number(process.env.RCMCP_INTEROP_TIMEOUT_MS ?? 30000);

function fail(message) {
  process.stderr.write(`ts-client: ${message}\n`);
  process.exit(1);
}

const [url, token] = process.argv.slice(2);
if (!url) fail('usage: ts-client.mjs <url> [token]');

// The whole run is bounded: a hung request must not hang the test that started us.
const watchdog = setTimeout(() => fail(`timed out after ${TIMEOUT_MS} ms`), TIMEOUT_MS);
watchdog.unref();

/** The JSON payload of a tool result: its first text block (the last block is the sandbox note). */
function payload(toolName, result) {
  const texts = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text);
  if (result.isError) throw new Error(`${toolName} returned isError: ${texts.join(' | ')}`);
  if (texts.length === 0) throw new Error(`${toolName} returned no text content: ${JSON.stringify(result)}`);
  try {
    return JSON.parse(texts[0]);
  } catch {
    throw new Error(`${toolName}: the first text block is not JSON: ${texts[0]}`);
  }
}

async function main() {
  const requestInit = token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit });
  const client = new Client(
    { name: 'rcmcp-interop-ts-client', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } } },
  );

  const elicitations = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push(request.params);
    return { action: 'accept', content: { confirm: true } };
  });
  client.onerror = (e) => process.stderr.write(`ts-client: transport error: ${e?.message ?? e}\n`);

  await client.connect(transport);
  const protocolVersion = transport.protocolVersion;
  const sessionId = transport.sessionId;

  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined);
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);

  const account = payload('get_account', await client.callTool({ name: 'get_account', arguments: {} }));
  const accountId = account?.account?.id ?? account?.id ?? null;

  const deleted = payload(
    'delete_database',
    await client.callTool({ name: 'delete_database', arguments: { subscriptionId: 100001, databaseId: 5000001 } }),
  );

  // Ends the session (HTTP DELETE), then closes the transport.
  try {
    await transport.terminateSession();
  } catch (e) {
    throw new Error(`DELETE of the session failed: ${e?.message ?? e}`);
  }
  await client.close();

  const elicitation = elicitations[0];
  const line = {
    toolCount: tools.length,
    toolNames: tools.map((t) => t.name),
    accountId,
    elicited: elicitations.length > 0,
    elicitationCount: elicitations.length,
    elicitationMessage: elicitation?.message ?? null,
    elicitationSchema: elicitation?.requestedSchema ?? null,
    deleteTaskId: deleted?.taskId ?? null,
    protocolVersion: protocolVersion ?? null,
    sessionId: sessionId ?? null,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

main().then(
  () => process.exit(0),
  (e) => fail(e?.stack ?? String(e)),
);
