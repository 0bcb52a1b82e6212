// One implementation for the server and the console (which recomputes leaf hashes in the browser).
export { canonicalJson } from '../../../common/canonical-json.ts';
