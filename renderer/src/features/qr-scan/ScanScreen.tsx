// Scan: a root, a root update or a bootstrap payload comes in through the laptop camera as
// animated BBQr QR codes (rstuf-signer qr show on the online machine). The camera is asked for only
// after the holder clicks "Start camera" (main opens the scan first, and the app's one permission,
// video only, is granted only while it is open). This screen reads each QR code's text from the
// video (shared/qr/read-image.ts) and sends the text to main, which joins the parts and imports the
// payload like a file; then the review opens.
import { useEffect, useRef, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc/result.js';
import type { QrScanProgress } from '../../../../shared/ipc/schemas.js';
import { MAX_QR_PAYLOAD_BYTES } from '../../../../shared/qr/limits.js';
import { readQrText } from '../../../../shared/qr/read-image.js';
import { useStores } from '../../stores/context.js';
import { call } from '../../stores/operation.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { FileText } from '../../components/FileText.js';

/** How often a video frame is looked at: often enough for frames shown at 2-5 per second. */
const LOOK_MS = 120;

interface Running {
  scanId: string;
  stream: MediaStream;
  timer: ReturnType<typeof setInterval>;
}

export function ScanScreen() {
  const stores = useStores();
  const { api } = stores;
  const video = useRef<HTMLVideoElement>(null);
  const running = useRef<Running | null>(null);
  const [active, setActive] = useState(false);
  const [starting, setStarting] = useState(false);
  const [progress, setProgress] = useState<QrScanProgress | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const stop = async () => {
    const r = running.current;
    running.current = null;
    setActive(false);
    if (!r) return;
    clearInterval(r.timer);
    for (const track of r.stream.getTracks()) track.stop();
    await call(() => api.qrScanStop({ scanId: r.scanId }));
  };

  // Leaving the screen stops the camera and closes the scan (main denies the camera again).
  useEffect(
    () => () => {
      void stop();
    },
    // Once: stop() reads the running scan from a ref.
    [],
  );

  const start = async () => {
    setStarting(true);
    setError(null);
    setProgress(null);
    const opened = await call(() => api.qrScanStart());
    if (opened.kind !== 'ok') {
      setStarting(false);
      if (opened.kind === 'error') setError(opened.error);
      return;
    }
    const { scanId } = opened.value;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    } catch (e) {
      setStarting(false);
      await call(() => api.qrScanStop({ scanId }));
      const name = e instanceof Error ? e.name : '';
      setError({ code: 'INPUT_UNREADABLE', message: name === 'NotAllowedError' ? 'The camera was not allowed. Click "Start camera" again and allow it, or bring the file on a USB stick.' : `No camera could be opened (${e instanceof Error ? e.message : String(e)}). Bring the file on a USB stick instead.` });
      return;
    }
    const el = video.current;
    if (el) {
      el.srcObject = stream;
      await el.play().catch(() => undefined);
    }
    const canvas = document.createElement('canvas');
    let last = '';
    let busy = false;
    const look = async () => {
      const v = video.current;
      if (busy || !v || v.videoWidth === 0 || running.current?.scanId !== scanId) return;
      busy = true;
      try {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        const g = canvas.getContext('2d', { willReadFrequently: true });
        if (!g) return;
        g.drawImage(v, 0, 0);
        const image = g.getImageData(0, 0, canvas.width, canvas.height);
        const text = readQrText(image.data, image.width, image.height);
        // The same frame stays in view for several video frames: send each text once in a row.
        if (text === null || text === last) return;
        last = text;
        const outcome = await call(() => api.qrScanFrame({ scanId, text }));
        if (running.current?.scanId !== scanId) return;
        if (outcome.kind === 'error') {
          setError(outcome.error);
          await stop();
          return;
        }
        if (outcome.kind !== 'ok') return;
        setProgress(outcome.value);
        const item = outcome.value.item;
        if (item) {
          await stop();
          await stores.workspace.getState().refresh();
          stores.workspace.getState().select(item.id);
          void stores.review.getState().load(item.id);
          stores.navigation.getState().go('review');
        }
      } finally {
        busy = false;
      }
    };
    running.current = { scanId, stream, timer: setInterval(() => void look(), LOOK_MS) };
    setActive(true);
    setStarting(false);
  };

  const received = progress?.received ?? 0;
  const total = progress?.total ?? null;
  return (
    <>
      <ScreenHeader
        title="Scan QR codes"
        lead={`Bring a root, a root update or a bootstrap payload in through the camera, from the animated QR codes of rstuf-signer qr show on the online machine. Up to ${MAX_QR_PAYLOAD_BYTES / 1024} KB: anything larger (a big delegated role) comes on a USB stick (Home, Open a bundle folder).`}
      />
      <section className="card" aria-labelledby="scan-heading">
        <h2 id="scan-heading">Camera</h2>
        <p>The camera is asked for only when you click, is used only on this screen, and stops when every part is read or you leave. Nothing else is ever allowed.</p>
        <div className="actions">
          {active ? (
            <button type="button" onClick={() => void stop()}>
              Stop camera
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void start()} disabled={starting}>
              Start camera
            </button>
          )}
        </div>
        <video ref={video} muted playsInline width={480} hidden={!active} aria-label="Camera view" />
        <ErrorNotice error={error} title="Scanning stopped" />
      </section>
      <section className="card" aria-labelledby="scan-progress-heading">
        <h2 id="scan-progress-heading">Progress</h2>
        <div role="status" aria-live="polite" data-testid="scan-progress">
          {progress === null || total === null ? (
            <p>{active ? 'Point the camera at the QR codes.' : 'Not scanning.'}</p>
          ) : (
            <>
              <p>
                {progress.framesRead} {progress.framesRead === 1 ? 'frame' : 'frames'} received; {received} of {total} parts.
              </p>
              <progress aria-label="Parts read" max={total} value={received} />
              <p>{progress.missing.length === 0 ? 'Every part is read.' : `Parts missing: ${progress.missing.slice(0, 40).join(', ')}${progress.missing.length > 40 ? ', …' : ''}`}</p>
            </>
          )}
          {progress?.refused ? (
            <p className="muted">
              <FileText text={`Last QR code skipped: ${progress.refused}`} />
            </p>
          ) : null}
        </div>
      </section>
    </>
  );
}
