import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunningStack, runningStackFile, writeRunningStack } from '../../../local/running-stack.js';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'running-stack-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const running = {
  apiUrl: 'http://localhost:3000',
  sesUrl: 'http://localhost:8005',
  emulatorUrl: 'http://127.0.0.1:4566',
  dynamodbUrl: 'http://127.0.0.1:8000',
  tableName: 'feedback',
  ingestApiKey: 'ingest-key-0123456789',
  managerToken: 'manager-token-0123456789',
};

describe('the running stack file', () => {
  it('gives the local tools what npm start wrote', () => {
    // Act
    writeRunningStack(dataDir, running);

    // Assess
    expect(readRunningStack(dataDir)).toEqual(running);
  });

  it('is readable by its owner only, as it holds the secrets', () => {
    // Act
    writeRunningStack(dataDir, running);

    // Assess
    expect(statSync(runningStackFile(dataDir)).mode & 0o777).toBe(0o600);
  });

  it('finds no stack in a data folder never started', () => {
    // Act
    const found = readRunningStack(dataDir);

    // Assess
    expect(found).toBeUndefined();
  });

  it('finds no stack in a file that is not one of ours', () => {
    // Prepare
    writeFileSync(runningStackFile(dataDir), '{"apiUrl":"http://localhost:3000"}');

    // Act
    const found = readRunningStack(dataDir);

    // Assess
    expect(found).toBeUndefined();
  });

  it('still reads a file written before the table was named in it', () => {
    // Prepare
    const { dynamodbUrl: _url, tableName: _table, ...older } = running;
    writeFileSync(runningStackFile(dataDir), JSON.stringify(older));

    // Act
    const found = readRunningStack(dataDir);

    // Assess
    expect(found).toEqual(older);
  });
});
