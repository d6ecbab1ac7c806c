import type { Random } from '../domain/random.ts';

/** Made-up company names for the synthetic universe; each ends with "(synthetic)". */

const FIRST = [
  'Aurora',
  'Bluewater',
  'Cedar',
  'Delta Ridge',
  'Evergreen',
  'Falcon',
  'Granite',
  'Harbor',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lakeshore',
  'Meridian',
  'Northstar',
  'Oakmont',
  'Pioneer',
  'Quarry',
  'Redrock',
  'Silverline',
  'Tidewater',
  'Upland',
  'Vantage',
  'Westbrook',
  'Yellowpine',
  'Zenith',
];

const SECOND = [
  'Biotech',
  'Lithium',
  'Gold Mining',
  'Therapeutics',
  'Energy',
  'Software',
  'Semiconductor',
  'Bancorp',
  'Shipping',
  'Diagnostics',
  'Robotics',
  'Water',
  'Uranium',
  'Foods',
  'Networks',
  'Solar',
  'Pharma',
  'Materials',
  'Logistics',
  'Devices',
];

const SUFFIX = ['Inc.', 'Corp.', 'Holdings', 'Ltd.', 'Group'];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Three or four capital letters (the part after `SYN-`). */
export function demoTickerLetters(random: Random): string {
  const length = random.chance(0.5) ? 3 : 4;
  let letters = '';
  for (let i = 0; i < length; i++) letters += LETTERS[random.integer(0, 25)];
  return letters;
}

export function demoName(random: Random, letters: string): string {
  const first = FIRST.find((word) => word.startsWith(letters[0])) ?? random.choice(FIRST);
  return `${first} ${random.choice(SECOND)} ${random.choice(SUFFIX)} (synthetic)`;
}
