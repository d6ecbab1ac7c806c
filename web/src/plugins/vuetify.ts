import 'vuetify/styles';
import { createVuetify } from 'vuetify';
import { aliases, svgPaths } from './icons.ts';

/**
 * Vuetify with no global component registration: every page imports the components it uses
 * from 'vuetify/components', so each route chunk carries only its own widgets.
 */
export const THEME_KEY = 'microcap-theme';

function preferredTheme(): 'light' | 'dark' {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const vuetify = createVuetify({
  icons: { defaultSet: 'svg', aliases, sets: { svg: svgPaths } },
  theme: {
    defaultTheme: preferredTheme(),
    themes: {
      light: {
        dark: false,
        colors: { primary: '#1f5fa8', secondary: '#5c6f82', success: '#2e7d32', error: '#c62828' },
      },
      dark: {
        dark: true,
        colors: { primary: '#6ea8ff', secondary: '#9fb3c8', success: '#66bb6a', error: '#ef5350' },
      },
    },
  },
  defaults: {
    VCard: { rounded: 'lg' },
    VTextField: { density: 'comfortable', variant: 'outlined' },
    VSelect: { density: 'comfortable', variant: 'outlined' },
    VAutocomplete: { density: 'comfortable', variant: 'outlined' },
    VFileInput: { density: 'comfortable', variant: 'outlined' },
  },
});
