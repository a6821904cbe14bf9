// A fingerprint two people read aloud across the air gap: four groups of four hex digits, or with
// `full` the whole sha256 in sixteen groups. A line only ever breaks between groups.
export function fingerprintGroups(hex: string, length = 16): string[] {
  const clean = hex.toLowerCase().replace(/[^0-9a-f]/g, '').slice(0, length);
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += 4) groups.push(clean.slice(i, i + 4));
  return groups;
}

export function Fingerprint({ hex, label, full = false }: { hex: string; label: string; full?: boolean }) {
  const groups = fingerprintGroups(hex, full ? 64 : 16);
  return (
    <div>
      <p className="muted">{label}</p>
      <p className={full ? 'fingerprint full' : 'fingerprint'} data-testid="fingerprint">
        {groups.map((g, i) => (
          <span key={i}>{g} </span>
        ))}
      </p>
    </div>
  );
}
