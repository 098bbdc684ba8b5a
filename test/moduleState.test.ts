/**
 * In JupiterOne's managed runtime one process may serve many executions, so
 * nothing in `src/` may outlive one: no module-level `let` or `var`, no
 * static class field, and no module-level Map, Set, array or object that
 * the module changes. This reads every source file's syntax tree, so a
 * cache added later fails here, not in a customer's job log.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__recordings__' ? [] : sourceFiles(full);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
      ? [full]
      : [];
  });
}

const MUTATORS =
  /^(set|add|delete|clear|push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin)$/;

/** Module-level state in one file's text, as "line: what". */
function moduleState(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.ES2022,
    true,
  );
  const found: string[] = [];
  const at = (node: ts.Node) =>
    source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const containers = new Map<string, number>();

  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      const isConst = (flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText(source);
        if (!isConst) {
          found.push(`${at(declaration)}: module-level let/var ${name}`);
          continue;
        }
        const init = declaration.initializer;
        const mutableInit =
          init !== undefined &&
          (ts.isArrayLiteralExpression(init) ||
            ts.isObjectLiteralExpression(init) ||
            (ts.isNewExpression(init) &&
              /^(Map|Set|WeakMap|Array)$/.test(
                init.expression.getText(source),
              )));
        if (mutableInit) containers.set(name, at(declaration));
      }
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const isStatic = ts
          .getModifiers(member as ts.HasModifiers)
          ?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        const isReadonly = ts
          .getModifiers(member as ts.HasModifiers)
          ?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (isStatic && ts.isPropertyDeclaration(member) && !isReadonly) {
          found.push(
            `${at(member)}: static field ${member.name.getText(source)}`,
          );
        }
      }
    }
  }

  // A module-level container is state only if the module changes it.
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      containers.has(node.expression.expression.text) &&
      MUTATORS.test(node.expression.name.text)
    ) {
      found.push(
        `${at(node)}: module-level ${node.expression.expression.text}.${node.expression.name.text}()`,
      );
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      (ts.isPropertyAccessExpression(node.left) ||
        ts.isElementAccessExpression(node.left)) &&
      ts.isIdentifier(node.left.expression) &&
      containers.has(node.left.expression.text)
    ) {
      found.push(
        `${at(node)}: module-level ${node.left.expression.text} assigned`,
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no module-level state in src/ outlives an execution', () => {
  const files = sourceFiles(SRC);
  expect(files.length).toBeGreaterThan(30);
  const found = files.flatMap((file) =>
    moduleState(file, fs.readFileSync(file, 'utf8')).map(
      (line) => `${path.relative(SRC, file)}:${line}`,
    ),
  );
  expect(found).toEqual([]);
});

test('the check finds the kinds of state it looks for (it is not vacuous)', () => {
  const found = moduleState(
    'example.ts',
    [
      'let token: string | undefined;',
      'const clients = new Map<string, object>();',
      'const LIMITS = new Set([1, 2]);',
      'export function get(key: string) {',
      '  clients.set(key, {});',
      '  return LIMITS.has(1);',
      '}',
      'class Cache { static last = 0; static readonly MAX = 1; }',
    ].join('\n'),
  );
  expect(found).toEqual([
    '1: module-level let/var token',
    '8: static field last',
    '5: module-level clients.set()',
  ]);
});
