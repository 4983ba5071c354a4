// Runs the real entry points (npm start's main.ts, the brief CLI) as child processes.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './corpora.ts';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

export function runScript(script: string, args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(REPO_ROOT, script), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      // Settings come only from the test, never from a developer's .env or shell.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ENV_FILE: '/nonexistent/.env', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
