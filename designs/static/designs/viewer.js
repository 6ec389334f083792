// MakerHub STL viewer: three.js with its STLLoader and OrbitControls (vendored, no CDN).
// Every element with data-stl-viewer gets a canvas. Mouse and touch rotate and zoom
// (OrbitControls); when the viewer has focus, the arrow keys rotate the part, + and - zoom
// and 0 resets the view. The buttons do the same. The text alternative (size, volume,
// bodies) is in the page next to the viewer for screen-reader users.
import * as THREE from './vendor/three/three.module.js';
import { STLLoader } from './vendor/three/STLLoader.js';
import { OrbitControls } from './vendor/three/OrbitControls.js';

const STEP = Math.PI / 12;

function setUp(container) {
  const url = container.dataset.stlViewer;
  const stage = container.querySelector('.viewer-stage');
  const status = container.querySelector('.viewer-status');
  const say = (text) => { if (status) status.textContent = text; };

  let renderer;
  try {
    renderer = new THREE.WebGLRenderer({ antialias: true });
  } catch (error) {
    say(container.dataset.msgNoWebgl || 'No 3D view in this browser.');
    return;
  }
  const width = stage.clientWidth || 480;
  const height = Math.round(width * 0.75);
  renderer.setPixelRatio(window.devicePixelRatio || 1);
  renderer.setSize(width, height);
  renderer.domElement.setAttribute('aria-hidden', 'true');
  stage.appendChild(renderer.domElement);

  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0xf6f6f2);
  const camera = new THREE.PerspectiveCamera(40, width / height, 0.1, 100000);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x666666, 2.2));
  const light = new THREE.DirectionalLight(0xffffff, 1.6);
  light.position.set(1, 2, 3);
  scene.add(light);

  const pivot = new THREE.Group();
  scene.add(pivot);
  const controls = new OrbitControls(camera, renderer.domElement);
  controls.enableDamping = false;

  let radius = 50;
  const render = () => {
    renderer.render(scene, camera);
    // The turn, readable by tests and by anyone inspecting the page.
    container.dataset.turn = `${pivot.rotation.x.toFixed(3)},${pivot.rotation.z.toFixed(3)}`;
  };
  controls.addEventListener('change', render);

  function reset() {
    pivot.rotation.set(-Math.PI / 2, 0, 0); // STL: z is up
    camera.position.set(radius * 1.6, radius * 1.2, radius * 2.2);
    camera.near = radius / 100;
    camera.far = radius * 100;
    camera.updateProjectionMatrix();
    controls.target.set(0, 0, 0);
    controls.update();
    render();
  }

  function zoom(factor) {
    camera.position.multiplyScalar(factor);
    controls.update();
    render();
  }

  const actions = {
    ArrowLeft: () => { pivot.rotation.z -= STEP; },
    ArrowRight: () => { pivot.rotation.z += STEP; },
    ArrowUp: () => { pivot.rotation.x -= STEP; },
    ArrowDown: () => { pivot.rotation.x += STEP; },
    '+': () => zoom(0.85),
    '=': () => zoom(0.85),
    '-': () => zoom(1.18),
    '0': reset,
  };

  container.addEventListener('keydown', (event) => {
    const action = actions[event.key];
    if (!action || event.target.tagName === 'BUTTON') return;
    event.preventDefault();
    action();
    render();
  });
  container.querySelectorAll('[data-viewer-action]').forEach((button) => {
    button.addEventListener('click', () => {
      const action = actions[button.dataset.viewerAction];
      if (action) { action(); render(); }
    });
  });

  const material = new THREE.MeshStandardMaterial({ color: 0x1e6eaa, roughness: 0.6, metalness: 0.05 });
  const loader = new STLLoader();

  function load(source, name) {
    say(container.dataset.msgLoading || 'Loading…');
    loader.load(
      source,
      (geometry) => {
        pivot.children.slice().forEach((old) => { pivot.remove(old); old.geometry.dispose(); });
        geometry.computeBoundingBox();
        geometry.center();
        geometry.computeBoundingSphere();
        radius = geometry.boundingSphere.radius || 50;
        pivot.add(new THREE.Mesh(geometry, material));
        reset();
        say(name ? `${container.dataset.msgShown || ''} ${name}`.trim() : (container.dataset.msgReady || ''));
      },
      undefined,
      () => say(container.dataset.msgError || 'The 3D view could not be loaded.'),
    );
  }

  // "Show in 3D" buttons elsewhere on the page load their file into this viewer.
  document.querySelectorAll('[data-viewer-load]').forEach((button) => {
    button.addEventListener('click', () => {
      load(button.dataset.viewerLoad, button.dataset.viewerName);
      container.focus();
    });
  });

  load(url, '');
}

document.querySelectorAll('[data-stl-viewer]').forEach(setUp);
