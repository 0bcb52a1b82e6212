import { TransformNode } from '@babylonjs/core/Meshes/transformNode.js';
import type { Scene } from '@babylonjs/core/scene.js';
import { ROLE_COLORS, type Role } from '../../common/roles.ts';
import type { Pose } from '../../common/pose.ts';
import type { LifecycleUnit } from '../scene/frame-loop.ts';
import { CrowdRenderer } from './crowd-renderer.ts';
import { createSampledPose, PoseInterpolator, type SampledPose } from './interpolation-buffer.ts';
import { NameTags } from './name-tags.ts';

/** Above the eyes, where a name tag floats. */
const TAG_RISE_M = 0.42;

export interface ParticipantInfo {
  identity: string;
  name: string;
  role: Role;
}

interface AvatarRecord {
  info: ParticipantInfo;
  interp: PoseInterpolator;
  sampled: SampledPose;
  /** Speaking level 0..1, or -1 when silent. */
  speaking: number;
  hasPose: boolean;
  /** The interpolated pose has been applied to the avatar at least once (it is on screen). */
  shown: boolean;
  /** Created on demand: what spatial audio attaches a voice to. */
  anchor: TransformNode | null;
}

/**
 * Every remote participant's avatar: joins/leaves from the media layer, poses into per-avatar
 * interpolation buffers, and once per frame the interpolated pose into the crowd renderer and
 * the name tags. An avatar appears when its first pose arrives (before that its position is
 * unknown) and disappears when the participant leaves.
 */
export class RemoteAvatars {
  private readonly byId = new Map<string, AvatarRecord>();
  /** Dense list for the per-frame loop (iterating a Map allocates an iterator). */
  private list: AvatarRecord[] = [];
  readonly crowd: CrowdRenderer;
  readonly tags: NameTags;

  constructor(
    private readonly scene: Scene,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.crowd = new CrowdRenderer(scene);
    this.tags = new NameTags(scene);
  }

  /** Avatars currently drawn (participants whose pose has arrived and been applied). */
  get visibleCount(): number {
    let n = 0;
    for (const r of this.list) if (r.shown) n++;
    return n;
  }

  /** Known participants (with or without a pose yet). */
  get participantCount(): number {
    return this.list.length;
  }

  ids(): string[] {
    return this.list.filter((r) => r.shown).map((r) => r.info.identity);
  }

  /** Adds or updates a participant's name and role. */
  upsert(info: ParticipantInfo): void {
    const existing = this.byId.get(info.identity);
    if (existing) {
      existing.info = info;
      if (existing.hasPose) {
        this.crowd.setColor(info.identity, ROLE_COLORS[info.role]);
        this.tags.set(info.identity, info.name, ROLE_COLORS[info.role]);
      }
      return;
    }
    const record: AvatarRecord = {
      info,
      interp: new PoseInterpolator(),
      sampled: createSampledPose(),
      speaking: -1,
      hasPose: false,
      shown: false,
      anchor: null,
    };
    this.byId.set(info.identity, record);
    this.list.push(record);
  }

  remove(identity: string): void {
    const record = this.byId.get(identity);
    if (!record) return;
    this.byId.delete(identity);
    this.list = this.list.filter((r) => r !== record);
    this.crowd.remove(identity);
    this.tags.remove(identity);
    record.anchor?.dispose();
  }

  /** A pose arrived from the network (or the synthetic feeder). Unknown senders are added. */
  receive(identity: string, pose: Pose, recvMs = this.now()): void {
    let record = this.byId.get(identity);
    if (!record) {
      this.upsert({ identity, name: identity, role: 'attendee' });
      record = this.byId.get(identity)!;
    }
    if (!record.interp.push(pose, recvMs)) return;
    if (!record.hasPose) {
      record.hasPose = true;
      this.crowd.add(identity, ROLE_COLORS[record.info.role]);
      this.tags.set(identity, record.info.name, ROLE_COLORS[record.info.role]);
    }
  }

  /** Speaking level 0..1, or a negative number for silence. */
  setSpeaking(identity: string, level: number): void {
    const record = this.byId.get(identity);
    if (record) record.speaking = level;
  }

  isSpeaking(identity: string): boolean {
    return (this.byId.get(identity)?.speaking ?? -1) >= 0;
  }

  /** The interpolated head position being shown, or null if none. */
  positionOf(identity: string): { x: number; y: number; z: number } | null {
    const r = this.byId.get(identity);
    if (!r || !r.shown) return null;
    return { x: r.sampled.hx, y: r.sampled.hy, z: r.sampled.hz };
  }

  /** A node that follows the avatar's head, for spatial audio. */
  anchorOf(identity: string): TransformNode | null {
    const r = this.byId.get(identity);
    if (!r) return null;
    if (!r.anchor) {
      r.anchor = new TransformNode(`voice-${identity}`, this.scene);
      r.anchor.position.set(r.sampled.hx, r.sampled.hy, r.sampled.hz);
    }
    return r.anchor;
  }

  /** The three frame-loop units, in the order they must run. */
  units(): LifecycleUnit[] {
    return [
      {
        name: 'remote-avatars',
        update: (_dt, nowMs) => this.interpolate(nowMs),
        dispose: () => this.dispose(),
      },
      { name: 'avatar-render', update: () => this.crowd.flush(), dispose: () => undefined },
      { name: 'name-tags', update: () => this.tags.flush(), dispose: () => undefined },
    ];
  }

  private interpolate(nowMs: number): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (!r.hasPose || !r.interp.sample(nowMs, r.sampled)) continue;
      const s = r.sampled;
      this.crowd.setPose(r.info.identity, s, r.speaking);
      this.tags.place(r.info.identity, s.hx, s.hy + TAG_RISE_M, s.hz, true);
      if (r.anchor) {
        r.anchor.position.set(s.hx, s.hy, s.hz);
        // A bare TransformNode's world matrix is not refreshed by the render; the voice reads it.
        r.anchor.computeWorldMatrix(true);
      }
      r.shown = true;
    }
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.list) r.anchor?.dispose();
    this.list = [];
    this.byId.clear();
    this.crowd.dispose();
    this.tags.dispose();
  }
}
