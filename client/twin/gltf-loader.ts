/**
 * Registers Babylon's glTF 2.0 loader with only the extension the avatars need. Imported dynamically
 * when the twin first appears, so the ~hundreds of KiB of loader code stay out of the initial bundle.
 */
export async function registerGltfLoader(): Promise<void> {
  await Promise.all([
    import('@babylonjs/loaders/glTF/glTFFileLoader.js'),
    import('@babylonjs/loaders/glTF/2.0/glTFLoader.js'),
    import('@babylonjs/loaders/glTF/2.0/Extensions/KHR_mesh_quantization.js'),
  ]);
}
