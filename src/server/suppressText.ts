// The reason text the "Suppress TGxxx here" action inserts. It is a placeholder: until the user replaces it, the
// suppression is reported as having no reason.
export const SUPPRESS_REASON_PLACEHOLDER = 'TODO: say why this is accepted';
