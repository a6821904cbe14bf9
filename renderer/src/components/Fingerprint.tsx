// A fingerprint two people read aloud across the air gap: four groups of four hex digits.
export function fingerprintGroups(hex: string): string[] {
  const clean = hex.toLowerCase().replace(/[^0-9a-f]/g, '').slice(0, 16);
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += 4) groups.push(clean.slice(i, i + 4));
  return groups;
}

export function Fingerprint({ hex, label }: { hex: string; label: string }) {
  const groups = fingerprintGroups(hex);
  return (
    <div>
      <p className="muted">{label}</p>
      <p className="fingerprint" data-testid="fingerprint">
        {groups.map((g, i) => (
          <span key={i}>{g} </span>
        ))}
      </p>
    </div>
  );
}
