/** Redis Cluster key slot: CRC16/XMODEM of the key (or of its `{hashtag}`) mod 16384. */
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function keySlot(key: Buffer): number {
  let from = 0;
  let to = key.length;
  const open = key.indexOf(0x7b); // {
  if (open >= 0) {
    const close = key.indexOf(0x7d, open + 1); // }
    if (close > open + 1) {
      from = open + 1;
      to = close;
    }
  }
  let crc = 0;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ key[i]!) & 0xff]!;
  return crc & 16383;
}
