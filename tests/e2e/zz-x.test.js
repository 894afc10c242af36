import { describe } from 'node:test';
import { launch } from './drivers/chromium.js';
import { launch as ff } from './drivers/firefox.js';
import sync from './sync.js';
import { suite } from './scenarios.js';
describe('Chromium', () => suite(launch, [sync]));
describe('Firefox', () => suite(ff, []));
