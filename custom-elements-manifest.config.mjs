// `cem analyze`: the Custom Elements Manifest (custom-elements.json) that editors and documentation
// tools read: attributes, properties, events, parts, CSS custom properties and slots of <consent-banner>.
export default {
  globs: ['src/components/consent-banner.component.ts'],
  outdir: '.',
  litelement: true,
};
