/**
 * Tiny but valid render outputs, built from scratch so no image library is
 * needed: a solid-colour PNG, a solid-grey baseline JPEG and a one-page PDF.
 */
import { deflateSync } from 'node:zlib';

const MAX_SIDE = 4096;
const clampSide = (n: number) => Math.max(1, Math.min(MAX_SIDE, Math.round(n)));

// ---------- PNG ----------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Solid colour RGB PNG of the given size (capped at 4096 px a side). */
export function makePng(width: number, height: number, rgb: [number, number, number] = [66, 133, 244]): Buffer {
  const w = clampSide(width);
  const h = clampSide(height);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------- JPEG ----------
/**
 * Solid grey baseline JPEG. Every 8x8 block has the same DC value, so after
 * the first block each is "DC diff 0, end of block": a tiny Huffman table
 * ({00: category 8, 01: category 0} for DC, {0: EOB} for AC) encodes it all.
 */
export function makeJpeg(width: number, height: number): Buffer {
  const w = clampSide(width);
  const h = clampSide(height);
  const blocks = Math.ceil(w / 8) * Math.ceil(h / 8);
  const segment = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const jfif = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = segment(0xdb, [0x00, ...new Array(64).fill(1)]);
  const sof = segment(0xc0, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0]);
  const counts = (lengths: number[]) => Array.from({ length: 16 }, (_, i) => lengths[i] ?? 0);
  const dhtDc = segment(0xc4, [0x00, ...counts([0, 2]), 8, 0]);
  const dhtAc = segment(0xc4, [0x10, ...counts([1]), 0x00]);
  const sos = segment(0xda, [1, 1, 0x00, 0, 63, 0]);

  // Entropy-coded data: first block "00" + 10000000 (DC = 128 -> grey 144) + "0" (EOB),
  // then "01" + "0" per remaining block. The bit patterns never form 0xFF, so no stuffing.
  const bits: number[] = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 1; i < blocks; i++) bits.push(0, 1, 0);
  while (bits.length % 8) bits.push(1);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((byte, bit) => (byte << 1) | bit, 0));
  return Buffer.from([0xff, 0xd8, ...jfif, ...dqt, ...sof, ...dhtDc, ...dhtAc, ...sos, ...data, 0xff, 0xd9]);
}

// ---------- PDF ----------
/** One-page PDF with a title line; byte offsets in the xref table are exact. */
export function makePdf(title: string, widthPt = 612, heightPt = 792): Buffer {
  const safe = title.replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');
  const stream = `BT /F1 18 Tf 50 ${heightPt - 72} Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${widthPt} ${heightPt}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
