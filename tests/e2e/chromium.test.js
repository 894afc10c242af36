import { describe } from 'node:test';
import { launch } from './drivers/chromium.js';
import { PARTS } from './parts.js';
import { suite } from './scenarios.js';

describe('Chromium', () => suite(launch, PARTS));
