'use strict';
// What a profile frame belongs to: a package, a Node.js module, or a lib/app of this project.
function packageOf(url) {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const project = /\/(libs|apps)\/([^/]+)\//.exec(url);
  return project
    ? `${project[1]}/${project[2]}`
    : url
        .replace(/^file:\/\//, '')
        .split('/')
        .pop();
}

module.exports = { packageOf };
