// Rounding half up, robust to binary fractions (79.5 stored as 79.4999999 still rounds to 80).
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5 + 1e-9);
}
