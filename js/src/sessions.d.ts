import type * as engine from "./options.generated.js";
import type { Input, OutputOptions, ReadOptions } from "./data.js";
import type { Table } from "apache-arrow";

/** A command: its name, or the name with parameter names or parameter values. */
export type SessionCommand =
  | string
  | { name: string; params?: string[] | Record<string, unknown> | null };

/** The three forms of sessions. */
export type SessionForm = engine.SessionForm;

export interface SessionizeOptions extends engine.SessionizeOptions, OutputOptions {
  read?: ReadOptions;
}

export interface Sessionized<T = Table> {
  /** The input rows ordered by user and time, with `session_id`. */
  events: T;
  /** One row per session: ids, user columns, `<time>_min/_max`, `<event>_list` (JSON), `duration`, `number_events`. */
  sessions: T;
  /**
   * The sessions as arrays of commands, ready for `SessionModel.train`. The sessions and
   * their commands are frozen (copy one to change it); this array handed back unchanged to
   * `SessionModel.train` or `model.score` skips converting the sessions again.
   */
  commands: SessionCommand[][];
  form: SessionForm;
  /** Rows without a time, left out of every session. */
  untimedRows: number;
}

export type ModelOptions = engine.ModelOptions;

export type ScoreOptions = engine.ScoreOptions;

export interface RarestWindow {
  start: number;
  /** The window's commands; a window may end with `"##END##"`. */
  commands: SessionCommand[];
  likelihood: number | null;
}

export interface SessionScore {
  likelihood: number | null;
  geomean: number | null;
  /** `null` when the session is shorter than the window. */
  rarestWindow: RarestWindow | null;
}

export interface Ranked<T = Table> {
  /** Sessions with `likelihood`, `geomean`, `rarest_window<N>`, `rarest_window<N>_likelihood`, `rank` (1 = rarest), rarest first. */
  table: T;
  model: SessionModel;
  /** Sessions shorter than the window (null window scores). */
  tooShort: number;
  untimedRows: number;
}

export type ScoreSessionsOptions = SessionizeOptions & ScoreOptions & Omit<ModelOptions, "form">;

/** Cuts events into sessions. */
export declare function sessionize(data: Input, options: SessionizeOptions & { output: "objects" }): Sessionized<Record<string, unknown>[]>;
export declare function sessionize(data: Input, options: SessionizeOptions): Sessionized;

/** A Markov model of sessions that persists as versioned JSON. */
export declare class SessionModel {
  private constructor(inner: unknown);
  static train(sessions: SessionCommand[][] | Sessionized<unknown>, options?: ModelOptions): SessionModel;
  static fromJSON(saved: string | object): SessionModel;
  toJSON(): object;
  readonly form: SessionForm;
  readonly sessionsTrained: number;
  readonly modellableParams: string[] | null;
  score(sessions: SessionCommand[][] | Sessionized<unknown>, options?: ScoreOptions): { scores: SessionScore[]; tooShort: number };
  scoreEvents(data: Input, options: ScoreSessionsOptions & { output: "objects" }): Ranked<Record<string, unknown>[]>;
  scoreEvents(data: Input, options: ScoreSessionsOptions): Ranked;
  free(): void;
}

/** Raw events to sessions ranked by rarity, in one call. */
export declare function scoreSessions(data: Input, options: ScoreSessionsOptions & { output: "objects" }): Ranked<Record<string, unknown>[]>;
export declare function scoreSessions(data: Input, options: ScoreSessionsOptions): Ranked;
