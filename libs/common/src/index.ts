export { Clock } from './clock';
export { IS_PUBLIC, Public } from './public.decorator';
export { PROTO_LOADER_OPTIONS, protoDirectory } from './proto.files';
export { FAST_PATH, FastPath, UseFastPath } from './fast-path';
