import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A page init script that installs Meta's WebXR emulator (iwer, MIT) as a Quest 3 before the
 * app's own scripts run, plus the one-line shim from FINDINGS: iwer's getOffsetReferenceSpace
 * expects a matrix where the spec (and Babylon) pass an XRRigidTransform. The device is exposed
 * as `window.__iwer` so tests can move the headset and controllers and press their buttons.
 */
export function iwerInitScript(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('iwer/package.json'));
  const umd = readFileSync(join(pkgDir, 'build', 'iwer.min.js'), 'utf8');
  const install = `
;(() => {
  const device = new IWER.XRDevice(IWER.metaQuest3);
  device.installRuntime({ forceInstall: true });
  const proto = IWER.XRReferenceSpace.prototype;
  const original = proto.getOffsetReferenceSpace;
  proto.getOffsetReferenceSpace = function (t) {
    return original.call(this, t && t.matrix ? t.matrix : t);
  };
  window.__iwer = device;
})();`;
  return umd + install;
}
