/** One line of doctor's report: `ok` true (works), false (fails: fix it), null (worth knowing). */
export interface DoctorCheck {
  name: string;
  ok: boolean | null;
  summary: string;
  fix?: string;
  code?: string;
}
