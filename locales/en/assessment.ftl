# issue 7: assessment — quarterly ratings and scorecards

cmd-assess = Quarterly ratings and scorecards
asmt-period-quarter = Q{ $number } { $year }
asmt-period-half = { $number ->
    [1] H1
   *[2] H2
} { $year }
asmt-period-year = Year { $year }

asmt-grade-excellent = Excellent
asmt-grade-good = Good
asmt-grade-fair = Fair
asmt-grade-poor = Poor

asmt-main =
    ⭐ <b>Ratings for { $quarter }</b>
    Open until { $closes } (changes allowed until then)
    { $unrated } unrated, { $rated } rated. { $unrated ->
        [0] All done.
       *[other] The unrated come first; tap a name to rate.
    }
asmt-main-none = ⭐ <b>Ratings for { $quarter }</b>
    There is nobody for you to rate.
asmt-main-viewer = ⭐ <b>Assessment</b>
    You can view scorecards and export them to Excel.
asmt-ratee-unrated = ⬜ { $name } · { $community } · { $kind }
asmt-ratee-rated = ✅ { $name } · { $grade }
asmt-btn-scorecards = 📊 Scorecards
asmt-grade-prompt =
    Rate <b>{ $name }</b> ({ $community } · { $kind }) for { $quarter }:
    { $current }
    Choose a grade:
asmt-current-none = Not rated yet.
asmt-current = Current rating: { $grade }{ $comment }
asmt-current-comment = {" "}({ $comment })
asmt-export-file = Scorecard { $period }.xlsx
asmt-comment-prompt =
    { $name }: { $grade }
    Send a comment (at most { $max } characters), or tap "No comment".
asmt-btn-no-comment = No comment
asmt-need-text = Please send the comment as text.
asmt-saved = Rated: { $name } { $grade }.
asmt-changed = Changed: { $name } is now { $grade }.
asmt-unchanged = Nothing changed in the rating of { $name }.
asmt-not-yours = You do not rate this cadre (not your community or not a role you rate); nothing was changed.
asmt-closed = The rating window of { $quarter } has closed ({ $closes }); nothing was changed.
asmt-stale = The rating of { $name } was just changed elsewhere; please look again before rating.
asmt-bad-grade = Not a valid grade; nothing was changed.
asmt-too-long = The comment is too long (at most { $max } characters); please shorten it and send it again.

asmt-pick-period = 📊 Which period's scorecard?
asmt-no-scope = There is no community for you to view.
asmt-btn-export = 📥 Export to Excel
asmt-btn-other-period = Other period
asmt-export-caption = Scorecard { $period } (as of { $as_of })
asmt-scope-all = The whole sub-district
asmt-scope-some = { $names }

asmt-card-title = 📊 <b>Scorecard { $period }</b> (as of { $as_of })
asmt-card-formula = Formula:
asmt-card-weight = { $name } { $weight }
asmt-card-rule = · { $name } (weight { $weight }): { $rule }
asmt-card-grade = { $grade } { $points } points
asmt-card-grades = · Ratings: { $grades }
asmt-card-community-formula = · Community score: { $text }
asmt-card-communities = 🏘 Communities ranked ({ $count }):
asmt-card-community-line = { $rank }. { $name } { $total } · { $cadres } cadres · { $secondment } seconded/paired, average { $secondment_average } · paired attendance { $attendance }
asmt-card-more = …and { $count } more in the Excel file.
asmt-card-top = 👤 Top { $count } cadres (of { $total }):
asmt-card-bottom = Bottom { $count }:
asmt-card-cadre-line = { $rank }. { $name } ({ $community } · { $kind }) { $total }
asmt-card-no-cadres = No cadres in this scope.

asmt-sheet-title = Scorecard { $period } (as of { $as_of })
asmt-sheet-cadres = Cadres
asmt-sheet-communities = Communities
asmt-sheet-formula = Formula
asmt-col-rank = Rank in sub-district
asmt-col-name = Name
asmt-col-community = Community
asmt-col-kind = Role
asmt-col-logs = Signed logs
asmt-col-households = Households
asmt-col-problems-due = Items due
asmt-col-problems-on-time = On time
asmt-col-weeks = Weeks counted
asmt-col-weeks-ok = Weeks met
asmt-col-ratings = Ratings
asmt-col-rating-average = Rating average
asmt-col-total = Total
asmt-col-cadres = Cadres
asmt-col-average = Average of all
asmt-col-all-cadres = Weight of all cadres' average
asmt-col-secondment = Seconded/paired
asmt-col-secondment-average = Seconded/paired average
asmt-col-attendance = Paired attendance (%)
asmt-col-secondment-rating = Seconded/paired rating average
asmt-col-community-total = Community score
asmt-col-component = Part
asmt-col-weight = Weight
asmt-col-method = Normalised by
asmt-col-rule = Rule
asmt-part-logs_signed = Logs (%)
asmt-part-households = Households (%)
asmt-part-problems_on_time = On time (%)
asmt-part-attendance = Attendance (%)
asmt-part-ratings = Ratings (%)
asmt-method-target = against a target
asmt-method-best = against the best
asmt-method-ratio = share
asmt-formula-title = Formula
asmt-grade-points = Points per grade
asmt-community-rule = Community score
asmt-source = Configuration file: { $source }

remind-assessment-unrated = ⭐ Ratings for Q{ $number } { $year } close on { $closes }; { $count } still unrated: { $names }{ $more }. Send /assess to rate.
