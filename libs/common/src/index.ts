export { Clock } from './clock';
export { IS_PUBLIC, Public } from './public.decorator';
