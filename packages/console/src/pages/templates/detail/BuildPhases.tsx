// A build's phases as a timeline, in the order they ran: done ones checked, the running one
// spinning, a failed one crossed out in red; each with what it did first and how long it took.
import { CheckIcon, CloseIcon, Loader, Text, Timeline } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { formatDuration } from "../shared/format";
import type { PhaseState, PhaseView } from "./build-phases";

const KNOWN = new Set(["pulling", "building", "distributing", "base", "finalize"]);

/** A phase's name for people: Cubicle's phases and E2B's base/finalize translated, E2B's steps numbered. */
export function phaseLabel(name: string, t: TFunction): string {
  if (KNOWN.has(name)) return t(`templates.phase.${name as "pulling" | "building" | "distributing" | "base" | "finalize"}`);
  if (/^\d+$/.test(name)) return t("templates.phase.step", { step: name });
  return name;
}

const COLOR: Record<PhaseState, string> = { done: "green", active: "blue", failed: "red", pending: "gray" };

function Bullet({ state }: { state: PhaseState }) {
  if (state === "active") return <Loader size={12} color="white" />;
  if (state === "failed") return <CloseIcon size="12px" />;
  if (state === "pending") return null;
  return <CheckIcon size={10} />;
}

export function BuildPhases({ phases }: { phases: PhaseView[] }) {
  const { t } = useTranslation();
  return (
    <Timeline active={phases.filter((p) => p.state !== "pending").length - 1} bulletSize={22} lineWidth={2} data-testid="build-phases">
      {phases.map((phase) => (
        <Timeline.Item
          key={phase.name}
          color={COLOR[phase.state]}
          bullet={<Bullet state={phase.state} />}
          data-testid="build-phase"
          data-phase={phase.name}
          data-state={phase.state}
          title={
            <Text size="sm" fw={600} c={phase.state === "failed" ? "red.8" : phase.state === "pending" ? "dimmed" : undefined}>
              {phaseLabel(phase.name, t)}
              <Text span size="xs" c="dimmed" fw={400} ml={8}>
                {phase.state === "active" ? t("templates.phase.running") : phase.state === "failed" ? t("templates.phase.failed") : phase.state === "pending" ? t("templates.phase.pending") : ""}
                {(phase.state === "active" || phase.state === "failed") && phase.endedAt && " · "}
                {phase.endedAt && formatDuration(phase.startedAt, phase.endedAt)}
              </Text>
            </Text>
          }
        >
          <Text size="xs" c="dimmed" lineClamp={2} style={{ wordBreak: "break-word" }}>
            {phase.firstMessage}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
