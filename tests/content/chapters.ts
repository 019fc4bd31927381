// Shared by the content tests: every chapter file, parsed the way the build parses it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMdx } from '../../src/markdown/notebook-syntax.ts';
import { parse as parseYaml } from 'yaml';
import type { Root } from 'mdast';

export const chaptersDir = 'content/chapters';

export interface ChapterFile {
  id: string;
  path: string;
  source: string;
  frontmatter: Record<string, unknown>;
  tree: Root;
}

export function readChapters(): ChapterFile[] {
  return readdirSync(chaptersDir)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((file) => {
      const path = join(chaptersDir, file);
      const source = readFileSync(path, 'utf8');
      const tree = parseMdx(source) as unknown as Root;
      const yamlNode = tree.children.find((n) => n.type === 'yaml') as { value: string } | undefined;
      return { id: file.replace(/\.mdx$/, ''), path, source, frontmatter: yamlNode ? parseYaml(yamlNode.value) : {}, tree };
    });
}
