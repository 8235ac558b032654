import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `node dist/test/bench/profile.js <seconds> <file.cpuprofile>...`: the top of CPU profiles written by
 * `BENCH_CPU_PROF=<dir> npm run bench`, counting only the last `<seconds>` before the process stopped (the load, not
 * the start-up and seeding before it): functions and packages by self time, as a share of the busy (non-idle) time.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  endTime: number;
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

function packageOf(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.startsWith('node:') || !url) return 'node (runtime)';
  return 'onegrid';
}

function top(file: string, windowSeconds: number) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let at = profile.endTime;
  const from = profile.endTime - windowSeconds * 1e6;
  const selfTime = new Map<number, number>();
  // Sample times run forward from startTime; walk back from endTime to keep only the window.
  for (let i = profile.samples.length - 1; i >= 0 && at >= from; i--) {
    selfTime.set(profile.samples[i]!, (selfTime.get(profile.samples[i]!) ?? 0) + profile.timeDeltas[i]!);
    at -= profile.timeDeltas[i]!;
  }
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  for (const [id, time] of selfTime) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(garbage collector)') gc += time;
    if (IDLE.has(functionName) && functionName !== '(garbage collector)') continue;
    busy += time;
    const name = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''} [${packageOf(url)}]`;
    functions.set(name, (functions.get(name) ?? 0) + time);
    packages.set(packageOf(url), (packages.get(packageOf(url)) ?? 0) + time);
  }
  const share = (time: number) => `${((100 * time) / busy).toFixed(1)}%`;
  const sorted = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, time]) => `  ${share(time)}  ${name}`);
  return [
    `${path.basename(file)}: ${(busy / 1e6).toFixed(1)} s busy in the last ${windowSeconds} s (GC ${share(gc)})`,
    ' packages:',
    ...sorted(packages, 8),
    ' functions (self):',
    ...sorted(functions, 15),
  ].join('\n');
}

const [seconds, ...files] = process.argv.slice(2);
for (const file of files) process.stdout.write(`${top(file, Number(seconds))}\n\n`);
