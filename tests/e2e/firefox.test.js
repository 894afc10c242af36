import { describe } from 'node:test';
import { launch } from './drivers/firefox.js';
import { PARTS } from './parts.js';
import { suite } from './scenarios.js';

describe('Firefox', () => suite(launch, PARTS));
