// `cem analyze`: the Custom Elements Manifest (custom-elements.json) that editors and documentation
// tools read: attributes, properties, events, parts, CSS custom properties and slots of <consent-banner>.
// The JSX and Vue types (`npm run build:framework-types`) are generated from it.

/**
 * Events documented with `@fires name` carry no type in the manifest. The element's module declares
 * each event's type in `GlobalEventHandlersEventMap` (so that `addEventListener` is typed); the same
 * type is given to the manifest's event of that name, so the generated JSX and Vue event props are
 * typed too. A type written in the doc comment (`@fires {CustomEvent<X>} name`) is kept.
 */
function eventTypesFromEventMap() {
  const declared = new Map();
  return {
    name: 'event-types-from-event-map',
    analyzePhase({ ts, node }) {
      if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'GlobalEventHandlersEventMap') return;
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.type && ts.isStringLiteral(member.name)) {
          declared.set(member.name.text, member.type.getText(node.getSourceFile()));
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          for (const event of declaration.events ?? []) {
            if (!event.type && declared.has(event.name)) event.type = { text: declared.get(event.name) };
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/core/element.ts'],
  outdir: '.',

  plugins: [eventTypesFromEventMap()],
};
