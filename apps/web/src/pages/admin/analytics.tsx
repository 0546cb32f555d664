import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferOutput } from "@trpc/tanstack-react-query";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { ANALYTICS_MAX_DAYS } from "@invite/schemas";
import { AcceptancesChart, FunnelChart } from "../../components/analytics/charts.tsx";
import { FilterLinks } from "../../components/filter-links.tsx";
import { LoadError } from "../../components/load-error.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { cx } from "../../components/ui/cx.ts";
import { Input, Label } from "../../components/ui/field.tsx";
import { Skeleton } from "../../components/ui/spinner.tsx";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table.tsx";
import { trpc } from "../../trpc.ts";

type Summary = inferOutput<typeof trpc.analytics.summary>;
type Figures = Pick<Summary, "sent" | "delivered" | "opened" | "accepted" | "expired" | "acceptanceRate" | "medianHoursToAccept" | "p90HoursToAccept">;

const DAY_MS = 86_400_000;
const PRESETS = ["7", "30", "90"] as const;
const numbers = new Intl.NumberFormat("en");
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The period in the URL: `?days=7|30|90` (the last N days, up to the end of today, UTC), or
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD` (whole days, both included). Whole days keep the query's key
 * the same all day, so revisiting the page is answered from the cache.
 */
function periodOf(params: URLSearchParams): { from: Date; to: Date; label: string; custom: boolean } {
  const from = params.get("from");
  const to = params.get("to");
  if (from && to && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to)) {
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS);
    if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime())) return { from: start, to: end, label: `${from} to ${to}`, custom: true };
  }
  const days = Number(PRESETS.find((preset) => preset === params.get("days")) ?? "30");
  const today = new Date(`${dayOf(new Date())}T00:00:00Z`);
  const end = new Date(today.getTime() + DAY_MS);
  return { from: new Date(end.getTime() - days * DAY_MS), to: end, label: `the last ${days} days`, custom: false };
}

/** `/admin/analytics`: how the invitations sent in a period fared, at a glance. */
export default function AnalyticsPage() {
  const [params] = useSearchParams();
  const period = periodOf(params);
  const summary = useQuery({
    ...trpc.analytics.summary.queryOptions({ from: period.from, to: period.to }),
    // Changing the period keeps the figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <title>Analytics · Invitations</title>
      <PageHeader title="Analytics" description="How the invitations sent in a period fared: delivered, opened, accepted or left to expire, and how fast." />
      <PeriodPicker key={params.toString()} params={params} custom={period.custom} from={dayOf(period.from)} to={dayOf(new Date(period.to.getTime() - DAY_MS))} />
      {summary.isPending ? (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-busy="true" aria-label="Loading analytics">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-20 w-full" />
          ))}
        </div>
      ) : summary.isError && !summary.data ? (
        <LoadError title="We couldn't load the analytics" query={summary} />
      ) : (
        <div className={cx("space-y-6 transition-opacity", summary.isPlaceholderData && "opacity-60")} aria-busy={summary.isPlaceholderData}>
          {summary.isError && <LoadError title="We couldn't load that period" query={summary} />}
          <Overview summary={summary.data} label={period.label} />
        </div>
      )}
    </>
  );
}

function PeriodPicker({ params, custom, from, to }: { params: URLSearchParams; custom: boolean; from: string; to: string }) {
  const [, setParams] = useSearchParams();
  const [editing, setEditing] = useState(custom);
  const [range, setRange] = useState({ from, to });
  const current = custom ? "custom" : (PRESETS.find((preset) => preset === params.get("days")) ?? "30");
  const links = [
    ...PRESETS.map((days) => ({ label: `${days} days`, to: { search: `?days=${days}` }, current: !editing && current === days })),
  ];
  function apply(event: FormEvent) {
    event.preventDefault();
    setParams({ from: range.from, to: range.to });
  }
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
      <div className="flex items-center gap-2">
        <FilterLinks label="Period" links={links} />
        <Button variant={editing ? "secondary" : "ghost"} size="sm" aria-expanded={editing} onClick={() => setEditing((open) => !open)}>
          Custom
        </Button>
      </div>
      {editing && (
        <form onSubmit={apply} className="flex flex-wrap items-end gap-2" aria-label="Custom period">
          <div>
            <Label htmlFor="period-from">From</Label>
            <Input id="period-from" type="date" required value={range.from} max={range.to} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} />
          </div>
          <div>
            <Label htmlFor="period-to">To</Label>
            <Input id="period-to" type="date" required value={range.to} min={range.from} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} />
          </div>
          <Button type="submit" size="sm">
            Show
          </Button>
          <p className="w-full text-xs text-gray-500">Both days included, in UTC; at most {ANALYTICS_MAX_DAYS - 1} days.</p>
        </form>
      )}
    </div>
  );
}

const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`);
function duration(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

function Overview({ summary, label }: { summary: Summary; label: string }) {
  const funnel = [
    { stage: "Sent", count: summary.sent },
    { stage: "Delivered", count: summary.delivered },
    { stage: "Opened", count: summary.opened },
    { stage: "Accepted", count: summary.accepted },
  ];
  // A bar a day up to a month; longer periods a bar a week, so a phone's width still shows each.
  const daily = summary.byDay && summary.byDay.length <= 31;
  return (
    <>
      <section aria-label="Figures" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Sent" value={numbers.format(summary.sent)} />
        <Stat label="Delivered" value={numbers.format(summary.delivered)} />
        <Stat label="Opened" value={numbers.format(summary.opened)} hint="Link previewed" />
        <Stat label="Accepted" value={numbers.format(summary.accepted)} />
        <Stat label="Expired" value={numbers.format(summary.expired)} />
        <Stat label="Acceptance rate" value={percent(summary.acceptanceRate)} />
        <Stat label="Median to accept" value={duration(summary.medianHoursToAccept)} />
        <Stat label="90% accept within" value={duration(summary.p90HoursToAccept)} />
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Funnel</CardTitle>
            <CardDescription>Invitations sent in {label}, and how far each got.</CardDescription>
          </CardHeader>
          <CardContent>{summary.sent ? <FunnelChart steps={funnel} /> : <Empty />}</CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Acceptances over time</CardTitle>
            <CardDescription>Sent and accepted per {daily ? "day" : "week (from Monday)"}, UTC.</CardDescription>
          </CardHeader>
          <CardContent>{summary.sent ? <AcceptancesChart points={daily ? summary.byDay! : summary.byWeek} unit={daily ? "day" : "week"} /> : <Empty />}</CardContent>
        </Card>
      </div>
      <Breakdown
        title="By role"
        rows={summary.byRole.map((row) => ({ key: row.role, name: row.role === "ADMIN" ? "Admin" : "Member", figures: row }))}
      />
      <Breakdown
        title="By inviter"
        rows={summary.byInviter.map((row, i) => ({
          key: row.inviter?.id ?? `removed-${i}`,
          name: row.inviter ? row.inviter.name : "A removed admin",
          detail: row.inviter?.email,
          figures: row,
        }))}
      />
    </>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-gray-200 bg-white px-4 py-3 shadow-xs">
      <p className="text-sm text-gray-600">
        {label}
        {hint && <span className="sr-only"> ({hint})</span>}
      </p>
      <p className="mt-1 text-2xl font-semibold text-gray-900 tabular-nums" data-stat={label}>
        {value}
      </p>
    </div>
  );
}

function Empty() {
  return <p className="py-10 text-center text-sm text-gray-500">No invitations were sent in this period.</p>;
}

function Breakdown({ title, rows }: { title: string; rows: { key: string; name: string; detail?: string | undefined; figures: Figures }[] }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby={`breakdown-${title}`}>
      <h2 id={`breakdown-${title}`} className="mb-3 text-base font-semibold text-gray-900">
        {title}
      </h2>
      <Table scrollLabel={title}>
        <TableHeader>
          <TableRow>
            <TableHead>{title.replace("By ", "")}</TableHead>
            <TableHead className="text-right">Sent</TableHead>
            <TableHead className="text-right">Opened</TableHead>
            <TableHead className="text-right">Accepted</TableHead>
            <TableHead className="text-right">Expired</TableHead>
            <TableHead className="text-right">Rate</TableHead>
            <TableHead className="text-right">Median</TableHead>
            <TableHead className="text-right">90%</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map(({ key, name, detail, figures }) => (
            <TableRow key={key}>
              <TableCell className="max-w-56">
                <span className="block truncate font-medium text-gray-900">{name}</span>
                {detail && <span className="block truncate text-xs text-gray-500">{detail}</span>}
              </TableCell>
              <TableCell className="text-right tabular-nums">{numbers.format(figures.sent)}</TableCell>
              <TableCell className="text-right tabular-nums">{numbers.format(figures.opened)}</TableCell>
              <TableCell className="text-right tabular-nums">{numbers.format(figures.accepted)}</TableCell>
              <TableCell className="text-right tabular-nums">{numbers.format(figures.expired)}</TableCell>
              <TableCell className="text-right tabular-nums">{percent(figures.acceptanceRate)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{duration(figures.medianHoursToAccept)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">{duration(figures.p90HoursToAccept)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
