import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/*
 * The analytics page's two charts, with recharts (SVG, declarative React). Only pages/admin/
 * analytics.tsx imports this module, so the chart library is in that page's chunk alone.
 */

const ACCENT = "var(--color-accent-600)";
const ACCENT_LIGHT = "var(--color-accent-200)";
const GREY = "var(--color-gray-500)";
const numbers = new Intl.NumberFormat("en");

export interface FunnelStep {
  stage: string;
  count: number;
}

/** Sent → delivered → opened → accepted, as horizontal bars: the labels stay readable on a phone. */
export function FunnelChart({ steps }: { steps: FunnelStep[] }) {
  const sent = steps[0]?.count ?? 0;
  const data = steps.map((step) => ({
    ...step,
    label: `${numbers.format(step.count)}${sent && step !== steps[0] ? ` · ${Math.round((step.count / sent) * 100)}%` : ""}`,
  }));
  return (
    <ResponsiveContainer width="100%" height={steps.length * 44 + 16}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 88, bottom: 4, left: 0 }} accessibilityLayer>
        <XAxis type="number" hide domain={[0, "dataMax"]} />
        <YAxis type="category" dataKey="stage" width={76} tickLine={false} axisLine={false} tick={{ fontSize: 13, fill: "var(--color-gray-700)" }} />
        <Bar dataKey="count" name="Invitations" fill={ACCENT} radius={[0, 4, 4, 0]} barSize={26} isAnimationActive={false}>
          <LabelList dataKey="label" position="right" style={{ fontSize: 12, fill: "var(--color-gray-700)" }} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface SeriesPoint {
  start: string;
  sent: number;
  accepted: number;
}

const shortDate = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const tickDate = (start: string) => shortDate.format(new Date(`${start}T00:00:00Z`));

/** Invitations sent and accepted per day or week, side by side. */
export function AcceptancesChart({ points, unit }: { points: SeriesPoint[]; unit: "day" | "week" }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barGap={1} accessibilityLayer>
        <CartesianGrid vertical={false} stroke="var(--color-gray-200)" />
        <XAxis dataKey="start" tickFormatter={tickDate} minTickGap={16} tickLine={false} tick={{ fontSize: 12, fill: GREY }} />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: GREY }} width={48} />
        <Tooltip
          labelFormatter={(start) => (unit === "week" ? `Week of ${tickDate(String(start))}` : tickDate(String(start)))}
          formatter={(value) => numbers.format(Number(value))}
          cursor={{ fill: "var(--color-gray-100)" }}
        />
        {/* Grey labels: the light series' own colour would be too faint to read. */}
        <Legend iconType="square" wrapperStyle={{ fontSize: 13 }} formatter={(value) => <span style={{ color: "var(--color-gray-700)" }}>{value}</span>} />
        <Bar dataKey="sent" name="Sent" fill={ACCENT_LIGHT} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        <Bar dataKey="accepted" name="Accepted" fill={ACCENT} radius={[3, 3, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
