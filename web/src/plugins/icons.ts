import { h } from 'vue';
import type { IconAliases, IconProps, IconSet } from 'vuetify';

/**
 * A small inline-SVG icon set (24x24 paths). No icon font is shipped, so the first paint needs
 * no extra download and the bundle stays small.
 */
const CHEVRON_DOWN = 'M7.4 8.6 12 13.2l4.6-4.6L18 10l-6 6-6-6z';
const CHEVRON_UP = 'M7.4 15.4 12 10.8l4.6 4.6L18 14l-6-6-6 6z';
const CHEVRON_LEFT = 'M15.4 16.6 10.8 12l4.6-4.6L14 6l-6 6 6 6z';
const CHEVRON_RIGHT = 'M8.6 16.6 13.2 12 8.6 7.4 10 6l6 6-6 6z';
const CLOSE =
  'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z';
const CHECK = 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z';
const ALERT =
  'M11 15h2v2h-2zm0-8h2v6h-2zm1-5C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16';
const BOX = 'M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2m0 16H5V5h14z';
const BOX_CHECKED =
  'M10 17l-5-5 1.4-1.4 3.6 3.6 7.6-7.6L19 8m0-5H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2z';
const BOX_MINUS =
  'M17 13H7v-2h10m2-8H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2z';
const RADIO_ON =
  'M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10m0-5C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16';
const RADIO_OFF =
  'M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16';
const MENU = 'M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z';
const ARROW_UP = 'M13 20h-2V8l-5.5 5.5-1.4-1.4L12 4.2l7.9 7.9-1.4 1.4L13 8z';
const ARROW_DOWN = 'M11 4h2v12l5.5-5.5 1.4 1.4-7.9 7.9-7.9-7.9 1.4-1.4L11 16z';
const PLUS = 'M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6z';
const MINUS = 'M19 13H5v-2h14z';
const FILE = 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zm4 18H6V4h7v5h5z';
const UPLOAD = 'M9 16h6v-6h4l-7-7-7 7h4zm-4 2h14v2H5z';
const PENCIL =
  'M3 17.2V21h3.8L17.8 9.9l-3.7-3.7zM20.7 7a1 1 0 0 0 0-1.4l-2.3-2.3a1 1 0 0 0-1.4 0l-1.8 1.8 3.7 3.7z';
const CALENDAR =
  'M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2m0 16H5V9h14z';
const PAGE_FIRST = 'M18.4 16.6 13.8 12l4.6-4.6L17 6l-6 6 6 6zM6 6h2v12H6z';
const PAGE_LAST = 'M5.6 7.4 10.2 12l-4.6 4.6L7 18l6-6-6-6zM16 6h2v12h-2z';
const CIRCLE = 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8';
const STAR = 'M12 17.3 18.2 21l-1.6-7L22 9.2l-7.2-.6L12 2 9.2 8.6 2 9.2 7.5 14l-1.7 7z';
const SYNC =
  'M12 4V1L8 5l4 4V6a6 6 0 0 1 5.6 8.2l1.5 1.5A8 8 0 0 0 12 4m0 14a6 6 0 0 1-5.6-8.2L4.9 8.3A8 8 0 0 0 12 20v3l4-4-4-4z';

export const THEME_ICON =
  'M12 22C6.5 22 2 17.5 2 12S6.5 2 12 2s10 4.5 10 10-4.5 10-10 10m0-2V4a8 8 0 0 0 0 16';

export const aliases: IconAliases = {
  collapse: CHEVRON_UP,
  complete: CHECK,
  cancel: CLOSE,
  close: CLOSE,
  delete: CLOSE,
  clear: CLOSE,
  success: CHECK,
  info: ALERT,
  warning: ALERT,
  error: ALERT,
  prev: CHEVRON_LEFT,
  next: CHEVRON_RIGHT,
  checkboxOn: BOX_CHECKED,
  checkboxOff: BOX,
  checkboxIndeterminate: BOX_MINUS,
  delimiter: CIRCLE,
  sortAsc: ARROW_UP,
  sortDesc: ARROW_DOWN,
  expand: CHEVRON_DOWN,
  menu: MENU,
  subgroup: CHEVRON_DOWN,
  dropdown: CHEVRON_DOWN,
  radioOn: RADIO_ON,
  radioOff: RADIO_OFF,
  edit: PENCIL,
  ratingEmpty: STAR,
  ratingFull: STAR,
  ratingHalf: STAR,
  loading: SYNC,
  first: PAGE_FIRST,
  last: PAGE_LAST,
  unfold: CHEVRON_DOWN,
  file: FILE,
  plus: PLUS,
  minus: MINUS,
  calendar: CALENDAR,
  treeviewCollapse: CHEVRON_DOWN,
  treeviewExpand: CHEVRON_RIGHT,
  eyeDropper: CIRCLE,
  upload: UPLOAD,
  color: CIRCLE,
  command: CIRCLE,
  ctrl: CIRCLE,
  space: CIRCLE,
  shift: ARROW_UP,
  alt: CIRCLE,
  enter: CHEVRON_RIGHT,
  arrowup: ARROW_UP,
  arrowdown: ARROW_DOWN,
  arrowleft: CHEVRON_LEFT,
  arrowright: CHEVRON_RIGHT,
  backspace: CHEVRON_LEFT,
};

export const svgPaths: IconSet = {
  component: (props: IconProps) =>
    h(
      props.tag,
      {},
      h(
        'svg',
        {
          class: 'v-icon__svg',
          xmlns: 'http://www.w3.org/2000/svg',
          viewBox: '0 0 24 24',
          role: 'img',
          'aria-hidden': 'true',
        },
        h('path', { d: typeof props.icon === 'string' ? props.icon : '' }),
      ),
    ),
};
