/** What the mic control needs from the media session. */
export interface MicBackend {
  readonly canPublish: boolean;
  setMicEnabled(enabled: boolean): Promise<void>;
}

export interface MicView {
  canPublish: boolean;
  muted: boolean;
  pushToTalk: boolean;
}

/**
 * Mute / unmute and push-to-talk over the media session. Push-to-talk holds the mic open only
 * while the key is down; switching it on mutes. Losing publish permission (demoted from the
 * stage) mutes at once; gaining it (promoted) enables the control but leaves the mic off until
 * the person chooses to speak.
 */
export class MicControl {
  private muted = true;
  private ptt = false;
  private pttHeld = false;
  private canPublish = false;

  constructor(
    private readonly backend: MicBackend,
    private readonly render: (view: MicView) => void,
    private readonly onError: (message: string, error: unknown) => void,
  ) {}

  get view(): MicView {
    return { canPublish: this.canPublish, muted: this.muted, pushToTalk: this.ptt };
  }

  /** The session reported permission / mute state (after connect, promotion, demotion). */
  sync(canPublish: boolean, muted: boolean): void {
    this.canPublish = canPublish;
    this.muted = canPublish ? muted : true;
    this.render(this.view);
  }

  toggle(): void {
    if (!this.canPublish || this.ptt) return;
    void this.apply(this.muted);
  }

  setPushToTalk(enabled: boolean): void {
    this.ptt = enabled;
    this.pttHeld = false;
    if (enabled && !this.muted) void this.apply(false);
    else this.render(this.view);
  }

  /** Push-to-talk key pressed (ignored unless push-to-talk is on). */
  talkDown(): void {
    if (!this.ptt || !this.canPublish || this.pttHeld) return;
    this.pttHeld = true;
    void this.apply(true);
  }

  talkUp(): void {
    if (!this.ptt || !this.pttHeld) return;
    this.pttHeld = false;
    void this.apply(false);
  }

  private async apply(enabled: boolean): Promise<void> {
    try {
      await this.backend.setMicEnabled(enabled);
      this.muted = !enabled;
    } catch (err) {
      this.muted = true;
      this.onError(
        enabled ? 'Could not turn your microphone on.' : 'Could not turn your microphone off.',
        err,
      );
    }
    this.render(this.view);
  }
}
