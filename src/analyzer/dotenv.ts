import type { ProjectFiles, ReadOptions } from './files.js';

/**
 * Reads `.env` files the way docker-compose and dotenv do for the common cases: `KEY=value`, `export KEY=value`,
 * quoted values, `#` comments. Returns the variables in file order.
 */
export function parseDotenv(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    variables.set(match[1]!, value);
  }
  return variables;
}

/**
 * Compose-style interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `$VAR`,
 * `$$`. Returns `undefined` when a variable without a default is unknown: the value is then not known.
 */
export function interpolate(value: string, lookup: (name: string) => string | undefined): string | undefined {
  const missing: string[] = [];
  const read = (name: string): string => {
    const found = lookup(name);
    if (found === undefined) missing.push(name);
    return found ?? '';
  };
  const withDefault = (argument: string): string => {
    const expanded = interpolate(argument, lookup);
    if (expanded === undefined) missing.push(argument);
    return expanded ?? '';
  };
  const result = value.replace(/\$\$|\$\{([^}]+)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    if (bare !== undefined) return read(bare);
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s.exec(braced ?? '');
    if (!match) {
      missing.push(braced ?? '');
      return '';
    }
    const name = match[1]!;
    const operator = match[2];
    const argument = match[3] ?? '';
    const found = lookup(name);
    switch (operator) {
      case ':-':
        return found === undefined || found === '' ? withDefault(argument) : found;
      case '-':
        return found ?? withDefault(argument);
      case ':+':
        return found !== undefined && found !== '' ? argument : '';
      case '+':
        return found !== undefined ? argument : '';
      default:
        return read(name);
    }
  });
  return missing.length > 0 ? undefined : result;
}

/**
 * The variables of a `.env` file; empty when it does not exist, and when it is refused (outside the
 * analysed folder, a link out of it, not a regular file, too large, unreadable), with a note saying so.
 */
export function readEnvFile(files: ProjectFiles, file: string, reference?: ReadOptions['reference']): Map<string, string> {
  const text = files.readText(file, reference ? { reference } : {});
  return text === undefined ? new Map<string, string>() : parseDotenv(text);
}
