import { calcPrice, findProvider } from '@pydantic/genai-prices';
const models = ['claude-sonnet-4-20250514','gpt-4o','gemini-2.5-pro','o3','deepseek-chat','claude-opus-4-1','gpt-5','claude-3-5-haiku','gemini-2.0-flash','gpt-4.1-mini'];
const N = 100000;
let t = performance.now(), s=0;
for (let i=0;i<N;i++){ const r = calcPrice({input_tokens:1000, cache_read_tokens:100, output_tokens:50}, models[i%10], {timestamp:new Date(1.75e12+i*1000)}); s+= r?r.total_price:0; }
console.log('raw calcPrice us/call', (performance.now()-t)*1000/N, s);
const single = {};
for (const m of models) { const r = calcPrice({}, m); single[m] = {id:r.provider.id, name:r.provider.name, api_pattern:r.provider.api_pattern, models:[r.model]}; }
t = performance.now(); s=0;
for (let i=0;i<N;i++){ const m=models[i%10]; const r = calcPrice({input_tokens:1000, cache_read_tokens:100, output_tokens:50}, m, {provider: single[m], timestamp:new Date(1.75e12+i*1000)}); s+= r?r.total_price:0; }
console.log('single-provider calcPrice us/call', (performance.now()-t)*1000/N, s);
// list providers having requests_kcount or conditional
import fs from 'node:fs';
const src = fs.readFileSync('node_modules/@pydantic/genai-prices/dist/index.js','utf8');
console.log('requests_kcount', (src.match(/requests_kcount/g)||[]).length, 'time_of_date', (src.match(/time_of_date/g)||[]).length, 'start_date', (src.match(/start_date:/g)||[]).length);
const ids = [...new Set([...src.matchAll(/^    id: "([^"]+)"/gm)].map(m=>m[1]))]; console.log(ids.join(' '));
