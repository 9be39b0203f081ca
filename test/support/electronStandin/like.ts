// How each piece of the stand-in is held to Electron 45's own types (node_modules/electron/electron.d.ts):
// `satisfies Like<Electron.Tray, 'setImage' | …>` keeps every member the app uses with Electron's own
// name and parameters, so a stand-in that drifts from Electron's API fails `tsc -p tsconfig.test.json`.

/** Electron's own objects: where Electron returns one, the stand-in returns its own stand-in. */
type ElectronObject =
  | Electron.App
  | Electron.BrowserWindow
  | Electron.Dock
  | Electron.Menu
  | Electron.NativeImage
  | Electron.Notification
  | Electron.Session
  | Electron.Tray
  | Electron.WebContents
  | Electron.WebRequest;

type Loose<R> = R extends ElectronObject ? unknown : R;

/**
 * The members K of T with Electron's parameters (for an overloaded member, its last overload) and its
 * return type, except that Electron's own objects may be stand-ins.
 */
export type Like<T, K extends keyof T> = {
  [P in K]: T[P] extends (...args: infer A) => infer R ? (...args: A) => Loose<R> : Loose<T[P]>;
};

/** A class whose constructor takes what Electron's takes and whose instances are Like<T, K>. */
export type LikeClass<
  C extends abstract new (...args: never[]) => unknown,
  K extends keyof InstanceType<C>,
> = new (...args: ConstructorParameters<C>) => Like<InstanceType<C>, K>;
