import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * What the npm commands share: the arguments read with Node's parser, and a usage error printed
 * with the command's usage line, exit status 2.
 */
export function commandLine<T extends NonNullable<ParseArgsConfig['options']>>(usageLine: string, options: T) {
  const usage = (message: string): never => {
    console.error(`${message}\n${usageLine}`);
    process.exit(2);
  };
  try {
    const parsed = parseArgs({
      allowPositionals: true,
      options,
    });
    return { ...parsed, usage };
  } catch (error) {
    return usage((error as Error).message);
  }
}
