/** The ordered migration registry. Never edit an applied migration: add the next one. */
import type { Db } from '../open-database';
import * as m0001 from './0001-market-data';
import * as m0002 from './0002-sectors';
import * as m0003 from './0003-trading';
import * as m0004 from './0004-options-trading';
import * as m0005 from './0005-option-chains';
import * as m0006 from './0006-segments-llm';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'market-data', up: m0001.up },
  { version: 2, name: 'sectors', up: m0002.up },
  { version: 3, name: 'trading', up: m0003.up },
  { version: 4, name: 'options-trading', up: m0004.up },
  { version: 5, name: 'option-chains', up: m0005.up },
  { version: 6, name: 'segments-llm', up: m0006.up },
];
