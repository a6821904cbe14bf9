// Every screen opens with its h1 (focus lands here when the screen changes) and one plain sentence.
export function ScreenHeader({ title, lead }: { title: string; lead?: string }) {
  return (
    <header>
      <h1 tabIndex={-1}>{title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
    </header>
  );
}
