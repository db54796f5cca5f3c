import { load } from 'js-yaml';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_ENV_NAMES, loadApiConfig } from './api-config';

/**
 * The Dockerfile and docker-compose.yml cannot be run here (no Docker engine), so what can go stale in them is checked
 * against the repository: the API service's environment is a configuration the service accepts, every file the image
 * copies exists, the command is the built service's entry point, and the service does not run as root.
 */
const ROOT = join(__dirname, '../../../..');

interface ComposeService {
  build?: string;
  image?: string;
  environment?: string[];
  depends_on?: Record<string, { condition: string }>;
}

function composeServices(): Record<string, ComposeService> {
  const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };
  return compose.services;
}

/** `NAME=value` lines, with compose's `${VAR:?message}` / `${VAR:-default}` replaced by `given[VAR]` or the default. */
function composeEnvironment(lines: string[], given: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const equals = line.indexOf('=');
    const value = line
      .slice(equals + 1)
      .replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
        if (given[name] !== undefined) return given[name];
        if (kind === '-') return rest ?? '';
        throw new Error(`${name} must be given: ${rest}`);
      });
    env[line.slice(0, equals)] = value;
  }
  return env;
}

interface DockerStage {
  name: string;
  lines: string[];
}

function dockerStages(): DockerStage[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages: DockerStage[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM\s+\S+\s+AS\s+(\S+)$/i.exec(line);
    if (from) stages.push({ name: from[1], lines: [] });
    else stages[stages.length - 1].lines.push(line);
  }
  return stages;
}

/** `COPY [--flags] src… dest` → the sources, for copies from the build context (not `--from=`). */
function contextCopySources(stage: DockerStage): string[] {
  return stage.lines
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .flatMap((line) => {
      const words = line
        .split(/\s+/)
        .slice(1)
        .filter((w) => !w.startsWith('--'));
      return words.slice(0, -1);
    });
}

describe('docker-compose.yml', () => {
  const api = composeServices().api;

  it('builds the API from this repository and waits for healthy OpenSearch and Redis', () => {
    expect(api.build).toBe('.');
    expect(api.depends_on).toEqual({
      opensearch: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });

  it("sets only the service's own variables, and they make a configuration it accepts (OpenSearch and Redis)", () => {
    const known = new Set(Object.values(CONFIG_ENV_NAMES));
    const env = composeEnvironment(api.environment ?? [], {
      API_KEYS: `travel-app:travel:${'a'.repeat(64)}`,
    });
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
    const config = loadApiConfig(env);
    expect(config.searchEngine).toBe('opensearch');
    expect(config.opensearchUrl).toBe('http://opensearch:9200');
    expect(config.redisUrl).toBe('redis://redis:6379');
  });

  it('refuses to start the API without keys', () => {
    expect(() => composeEnvironment(api.environment ?? [], {})).toThrow('API_KEYS must be given');
  });
});

describe('Dockerfile', () => {
  const stages = dockerStages();
  const runtime = stages[stages.length - 1];

  it('has a build stage and a runtime stage', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
  });

  it('copies only files that exist in the repository', () => {
    const sources = stages.flatMap(contextCopySources);
    expect(sources).toEqual(expect.arrayContaining(['apps', 'libs', 'painless', 'index-templates', 'experiments']));
    expect(sources.filter((source) => !existsSync(join(ROOT, source)))).toEqual([]);
  });

  it("runs the built API's entry point as the unprivileged node user", () => {
    const cmd = runtime.lines.find((line) => line.startsWith('CMD '));
    expect(cmd).toBe('CMD ["node", "dist/apps/recommender-api/src/main.js"]');
    expect(existsSync(join(ROOT, 'apps/recommender-api/src/main.ts'))).toBe(true);
    const user = runtime.lines.findIndex((line) => line.startsWith('USER '));
    expect(runtime.lines[user]).toBe('USER node');
    expect(user).toBeLessThan(runtime.lines.indexOf(cmd!));
  });
});
