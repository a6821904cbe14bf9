// Draws QR frames main made (module matrices) on a canvas, and plays them in a loop when there are
// several: BBQr frames are read in any order, so a camera that misses one catches it next round.
// Pause and "Next frame" let a slow phone camera (or a screenshot per frame) take them one by one.
import { useEffect, useRef, useState } from 'react';
import type { QrFrames as QrFramesModel } from '../../../../shared/ipc/schemas.js';

/** The frame interval: slow enough for a laptop or phone camera to focus on each symbol. */
export const FRAME_MS = 400;
const QUIET_ZONE = 4;
const TARGET_PX = 420;

type Frame = QrFramesModel['frames'][number];

function draw(canvas: HTMLCanvasElement, frame: Frame): void {
  const scale = Math.max(3, Math.floor(TARGET_PX / (frame.size + 2 * QUIET_ZONE)));
  const side = (frame.size + 2 * QUIET_ZONE) * scale;
  canvas.width = side;
  canvas.height = side;
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, side, side);
  g.fillStyle = '#000';
  for (let y = 0; y < frame.size; y += 1) {
    for (let x = 0; x < frame.size; x += 1) {
      if (frame.modules.charCodeAt(y * frame.size + x) === 49) g.fillRect((x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale, scale, scale);
    }
  }
}

export function QrFrames({ frames }: { frames: Frame[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [index, setIndex] = useState(0);
  const [paused, setPaused] = useState(false);
  const count = frames.length;
  const current = Math.min(index, count - 1);

  useEffect(() => {
    const frame = frames[current];
    if (canvas.current && frame) draw(canvas.current, frame);
  }, [frames, current]);

  useEffect(() => {
    if (paused || count < 2) return undefined;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), FRAME_MS);
    return () => clearInterval(timer);
  }, [paused, count]);

  return (
    <div className="qr-frames">
      <canvas ref={canvas} role="img" aria-label={`QR code, frame ${current + 1} of ${count}`} data-testid="qr-canvas" />
      <p data-testid="qr-frame-number">
        Frame {current + 1} of {count}
      </p>
      {count > 1 ? (
        <div className="actions">
          <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? 'Play' : 'Pause'}
          </button>
          <button type="button" onClick={() => setIndex((current + 1) % count)}>
            Next frame
          </button>
        </div>
      ) : null}
    </div>
  );
}
