/*
 * help-vi.c — the Vietnamese of every --help text: each English text of the
 * command table (client/cmd-*.c, client/record tables, client/config.c and
 * cmd-help.c's own), beside its translation, sorted by the English.
 * tests/unit/help_vi.t fails for any help text missing here, so a text
 * changed in English must be translated again here.
 */
#include <stdlib.h>
#include <string.h>

#include "lang.h"

struct help_vi {
	const char *en;
	const char *vi;
};

static const struct help_vi help_vi[] = {
    {"\n"
     "Commands:\n",
     "\n"
     "Các lệnh:\n"},
    {"\n"
     "Flags:\n",
     "\n"
     "Tùy chọn:\n"},
    {"\n"
     "Global flags (--server, --token-file, --format, --timeout, --lang) may "
     "be\n"
     "given before the noun or here; see 'ansinh --help'.\n",
     "\n"
     "Các tùy chọn chung (--server, --token-file, --format, --timeout, --lang) "
     "có thể\n"
     "đặt trước danh từ hoặc tại đây; xem 'ansinh --help'.\n"},
    {"\n"
     "Run 'ansinh --help' for every command.\n",
     "\n"
     "Chạy 'ansinh --help' để xem mọi lệnh.\n"},
    {"\n"
     "Run 'ansinh <noun> --help' or 'ansinh <noun> <verb> --help' for "
     "details.\n"
     "\n"
     "Settings: a flag wins over the environment, which wins over the config "
     "file\n"
     "($ANSINH_CONFIG, else $XDG_CONFIG_HOME/ansinh/config, else\n"
     "~/.config/ansinh/config; lines \"key = value\", '#' comments), which "
     "wins over\n"
     "the default.\n"
     "\n"
     "Exit status: 0 done; 1 usage or local configuration error; 2 rejected by "
     "the\n"
     "daemon; 3 queued offline; 4 daemon unavailable, connection dropped or "
     "timed\n"
     "out; 5 protocol error. See ansinh(1).\n",
     "\n"
     "Chạy 'ansinh <noun> --help' hoặc 'ansinh <noun> <verb> --help' để xem "
     "chi tiết.\n"
     "\n"
     "Cài đặt: tùy chọn trên dòng lệnh được ưu tiên hơn biến môi trường, biến "
     "môi\n"
     "trường hơn tệp cấu hình ($ANSINH_CONFIG, nếu không thì\n"
     "$XDG_CONFIG_HOME/ansinh/config, nếu không thì ~/.config/ansinh/config; "
     "mỗi dòng\n"
     "\"key = value\", chú thích bắt đầu bằng '#'), tệp cấu hình hơn giá trị "
     "mặc định.\n"
     "\n"
     "Mã thoát: 0 xong; 1 sai cách dùng hoặc lỗi cấu hình tại máy; 2 máy chủ "
     "từ chối;\n"
     "3 đã xếp vào hàng đợi ngoại tuyến; 4 không kết nối được máy chủ, mất kết "
     "nối\n"
     "hoặc hết thời gian chờ; 5 lỗi giao thức. Xem ansinh(1).\n"},
    {"\n"
     "Usage:\n",
     "\n"
     "Cách dùng:\n"},
    {"Add a city, province, district, ward or commune, with its parent, "
     "official\n"
     "code and validity. A ward or commune whose records are kept here gets a\n"
     "--ward-code: tokens (ansinhd token create --role ward --ward XX) and\n"
     "--ward name it. Adding a unit that exists with the same content is OK.",
     "Thêm thành phố, tỉnh, quận, phường hoặc xã, kèm đơn vị cấp trên, mã\n"
     "chính thức và thời gian hiệu lực. Phường hoặc xã có hồ sơ lưu tại đây "
     "được\n"
     "gán --ward-code: mã truy cập (ansinhd token create --role ward --ward "
     "XX) và\n"
     "--ward dùng mã đó. Thêm một đơn vị đã có với nội dung giống hệt thì vẫn "
     "hợp lệ."},
    {"Add a dated note (a visit, a dialogue, progress) to the household's case "
     "file. Notes are never changed. Prints the note's id.",
     "Thêm một ghi chú có ghi ngày (một lần thăm hộ, một buổi đối thoại, tiến "
     "triển) vào hồ sơ của hộ. Ghi chú không bao giờ bị sửa đổi. In ra mã của "
     "ghi chú."},
    {"Add a dated note to a household's case file.",
     "Thêm một ghi chú có ghi ngày vào hồ sơ của một hộ."},
    {"Add a fund (district only).", "Thêm một quỹ (chỉ quận)."},
    {"Add a fund that support can be paid from, and print its code.\n"
     "Only a district token may add funds.",
     "Thêm một quỹ có thể dùng để chi hỗ trợ, và in mã của quỹ.\n"
     "Chỉ mã truy cập quận mới được thêm quỹ."},
    {"Add a poverty standard (district).", "Thêm một chuẩn nghèo (cấp quận)."},
    {"Add an administrative unit (district only).",
     "Thêm một đơn vị hành chính (chỉ quận)."},
    {"Add an item to a household's plan of solutions.",
     "Thêm một mục vào kế hoạch giải pháp của một hộ."},
    {"Add an item to the household's plan of solutions to escape poverty, e.g. "
     "--kind livelihood --description \"food display cabinet for the stall\". "
     "Prints the item's id.",
     "Thêm một mục vào kế hoạch giải pháp thoát nghèo của hộ, ví dụ --kind "
     "livelihood --description \"food display cabinet for the stall\". In ra "
     "mã của mục."},
    {"Add an organization (association, school, army unit, agency, another\n"
     "province's committee, business) and print its new id. A ward token adds\n"
     "organizations of its own ward; a district token any ward's, or\n"
     "district-wide ones (no --ward).",
     "Thêm một tổ chức (hội, trường học, đơn vị quân đội, cơ quan, ủy ban\n"
     "của tỉnh khác, doanh nghiệp) và in id mới. Mã truy cập phường thêm\n"
     "tổ chức của phường mình; mã truy cập quận thêm tổ chức của bất kỳ phường "
     "nào,\n"
     "hoặc tổ chức toàn quận (không có --ward)."},
    {"Add an organization.", "Thêm một tổ chức."},
    {"Add one area (urban or rural) of a poverty standard, such as the city's "
     "own or the next period's; district tokens only. Run it again with the "
     "other --area and the same code, name, scope and dates for the other row. "
     "A household at or under the line is poor with at least --deprivations of "
     "its deprivations; else near-poor up to the near-poor ceiling; else "
     "average up to the average ceiling. Standards are never changed: a "
     "different one needs a new code. Prints the row's id.",
     "Thêm một khu vực (thành thị hoặc nông thôn) của một chuẩn nghèo, chẳng "
     "hạn chuẩn riêng của thành phố hoặc chuẩn của giai đoạn sau; chỉ dành cho "
     "mã truy cập (token) cấp quận. Chạy lại với --area còn lại và cùng mã, "
     "tên, phạm vi và ngày để thêm dòng kia. Hộ có thu nhập bằng hoặc dưới "
     "chuẩn là hộ nghèo nếu thiếu hụt ít nhất --deprivations chỉ số; nếu "
     "không, là hộ cận nghèo khi thu nhập không vượt mức trần cận nghèo; nếu "
     "không, là hộ có mức sống trung bình khi không vượt mức trần trung bình. "
     "Chuẩn nghèo không bao giờ bị sửa đổi: chuẩn khác cần một mã mới. In ra "
     "mã của dòng."},
    {"An entry queued by an earlier client has no token recorded, and is "
     "never\n"
     "sent on its own: which officer's token it was queued with is not known.\n"
     "Once you know it was yours, claim it: it is then sent with this "
     "command's\n"
     "token, by 'ansinh sync' or the next command that reaches the daemon. An\n"
     "entry queued with a token cannot be claimed by another.",
     "Mục do một phiên bản client cũ xếp hàng không ghi mã truy cập, và không "
     "bao giờ\n"
     "tự được gửi: không biết nó được xếp hàng bằng mã truy cập của cán bộ "
     "nào.\n"
     "Khi biết chắc đó là của bạn, hãy nhận nó: khi đó nó được gửi bằng mã "
     "truy cập\n"
     "của lệnh này, qua 'ansinh sync' hoặc lệnh tiếp theo kết nối đến máy chủ "
     "ansinhd. Mục\n"
     "đã xếp hàng kèm mã truy cập thì mã truy cập khác không nhận được."},
    {"Approve a verified need (district only).",
     "Phê duyệt một nhu cầu đã xác minh (chỉ quận)."},
    {"Approve a verified need for funding: it becomes approved, and a support\n"
     "may fulfil it. District tokens only; a need that was not verified is\n"
     "refused (FAILED_PRECONDITION).",
     "Phê duyệt cấp kinh phí cho một nhu cầu đã xác minh: nhu cầu chuyển sang "
     "approved,\n"
     "và có thể được một khoản hỗ trợ đáp ứng. Chỉ mã truy cập quận; nhu cầu "
     "chưa\n"
     "xác minh sẽ bị từ chối (FAILED_PRECONDITION)."},
    {"CA certificates (PEM) the daemon's certificate must come from (default: "
     "the system's)",
     "chứng chỉ CA (PEM) mà chứng chỉ của máy chủ ansinhd phải được cấp từ đó "
     "(mặc định: của hệ thống)"},
    {"Change a household.", "Sửa thông tin một hộ."},
    {"Change a member.", "Sửa thông tin một thành viên hộ."},
    {"Change an item of a plan of solutions.",
     "Thay đổi một mục của kế hoạch giải pháp."},
    {"Change the given fields of a household, named by its id or code;\n"
     "the others stay as they are. A new --status is recorded in the\n"
     "household's history. Prints the id.",
     "Sửa các trường được chỉ định của một hộ, chỉ định bằng id hoặc mã hộ;\n"
     "các trường khác giữ nguyên. --status mới được ghi vào lịch sử của\n"
     "hộ. In id của hộ."},
    {"Change the given fields of a member, named by id; the others\n"
     "stay as they are. Prints the id.",
     "Sửa các trường được chỉ định của một thành viên hộ, chỉ định bằng id; "
     "các\n"
     "trường khác giữ nguyên. In id."},
    {"Change the given fields of a plan item, named by its id (see 'casefile "
     "show'), e.g. --status done. Prints the id.",
     "Thay đổi các trường được nêu của một mục kế hoạch, xác định theo mã (xem "
     "'casefile show'), ví dụ --status done. In ra mã."},
    {"Community programmes: sessions, beneficiaries, households.",
     "Chương trình cộng đồng: số buổi, người thụ hưởng, số hộ."},
    {"Correct a support entry by recording a reversing entry: the same\n"
     "household, kind, fund and organization, minus the amount, pointing to\n"
     "the original. Prints the reversing entry's id. An entry is reversed at\n"
     "most once, and a reversing entry cannot be reversed. A need the\n"
     "original fulfilled is approved again.",
     "Điều chỉnh một bút toán hỗ trợ bằng cách ghi bút toán đảo: cùng hộ,\n"
     "loại, quỹ và tổ chức, số tiền âm, trỏ đến bút toán\n"
     "gốc. In id của bút toán đảo. Mỗi bút toán chỉ bị đảo tối đa\n"
     "một lần, và không thể đảo một bút toán đảo. Nhu cầu mà bút toán\n"
     "gốc đã đáp ứng trở lại trạng thái approved."},
    {"Each metric with a target in the year: per unit (ward targets) and in "
     "all (the district's target), the target, the figure reached, percent and "
     "met / not met; then the expected-exit list's outcome: listed, exited, "
     "remained, not assessed. Poverty exits count by the city's standard when "
     "one applies, else the central one (column standard). Formats as for "
     "report summary. Analysts: SELECT * FROM ansinh.report('targets', 2023).",
     "Mỗi chỉ số có chỉ tiêu trong năm: theo đơn vị (chỉ tiêu của phường) và "
     "tổng cộng (chỉ tiêu của quận), chỉ tiêu, số liệu đạt được, tỷ lệ phần "
     "trăm và đạt / không đạt; sau đó là kết quả của danh sách dự kiến thoát "
     "nghèo: số trong danh sách, đã thoát, còn lại, chưa rà soát. Số hộ thoát "
     "nghèo tính theo chuẩn nghèo của thành phố khi có áp dụng, nếu không thì "
     "theo chuẩn nghèo trung ương (cột standard). Định dạng như báo cáo "
     "summary. Dành cho người phân tích: SELECT * FROM "
     "ansinh.report('targets', 2023)."},
    {"Employment events by quarter and kind (job placements, vocational "
     "training, employment-centre referrals, labour export), and those "
     "recorded at job weeks. Formats as for report summary. Analysts: SELECT * "
     "FROM ansinh.report('employment', 2023).",
     "Các sự kiện việc làm theo quý và loại (giới thiệu việc làm, đào tạo "
     "nghề, giới thiệu đến Trung tâm DVVL, xuất khẩu lao động), và các sự kiện "
     "được ghi nhận tại phiên giao dịch việc làm. Định dạng như báo cáo "
     "summary. Dành cho người phân tích: SELECT * FROM "
     "ansinh.report('employment', 2023)."},
    {"End a pairing.", "Kết thúc một kết nghĩa/đỡ đầu."},
    {"Have this token send an entry queued without one.",
     "Cho mã truy cập này gửi một mục đã xếp hàng mà không có mã truy cập."},
    {"How far a year's review has come, per ward.",
     "Tiến độ rà soát của một năm, theo từng phường."},
    {"Import a CSV file of records.", "Nhập hồ sơ từ tệp CSV."},
    {"Import a ward's whole review: FILE is CSV, one row per household, its\n"
     "columns as below. The same as 'ansinh import assessments FILE' (see\n"
     "'ansinh import --help'): each row's identity is its ward, household\n"
     "and year, so the command can be run again after an interruption or\n"
     "after correcting rejected rows; each rejected row is reported with its\n"
     "line number and reason. A household already assessed that year (by\n"
     "'assess add') is refused with that assessment's id.",
     "Nhập (từ tệp) toàn bộ kết quả rà soát của một phường: FILE là tệp CSV, "
     "mỗi hộ một dòng, với\n"
     "các cột như dưới đây. Tương đương 'ansinh import assessments FILE' (xem\n"
     "'ansinh import --help'): mỗi dòng được xác định bởi phường, hộ\n"
     "và năm, nên có thể chạy lại lệnh sau khi bị gián đoạn hoặc\n"
     "sau khi sửa các dòng bị từ chối; mỗi dòng bị từ chối được báo kèm\n"
     "số dòng và lý do. Hộ đã được rà soát trong năm đó (bằng\n"
     "'assess add') sẽ bị từ chối kèm mã của kết quả rà soát đó."},
    {"Import a ward's yearly review (CSV).",
     "Nhập kết quả rà soát hằng năm của một phường (CSV)."},
    {"Job placements, trainings, referrals by quarter.",
     "Giới thiệu việc làm, đào tạo nghề, giới thiệu đến Trung tâm DVVL theo "
     "quý."},
    {"List ad-hoc review requests, and what followed them.",
     "Liệt kê các đề nghị rà soát đột xuất và kết quả xử lý."},
    {"List assessments and their classifications.",
     "Liệt kê các kết quả rà soát và phân loại."},
    {"List assessments, one row per assessment and standard.\n"
     "Columns: ward, household, head, year, area, income, deprivations,\n"
     "standard, class, reason, id.",
     "Liệt kê các kết quả rà soát, mỗi kết quả và chuẩn nghèo một dòng.\n"
     "Các cột: ward, household, head, year, area, income, deprivations,\n"
     "standard, class, reason, id."},
    {"List coordination agreements by year: a ward's own and the district's\n"
     "(ward empty), with the pairings and programmes that name each. Columns:\n"
     "ward, year, organization, signed, pairings, programs, tasks, id.",
     "Liệt kê chương trình phối hợp theo năm: của phường và của quận\n"
     "(cột ward trống), kèm các kết nghĩa và chương trình có nêu từng chương "
     "trình phối hợp. Các cột:\n"
     "ward, year, organization, signed, pairings, programs, tasks, id."},
    {"List coordination agreements.", "Liệt kê chương trình phối hợp."},
    {"List dialogues by ward and date. Columns: ward, date, title, households\n"
     "(the attending households' codes, space-separated), needs (how many\n"
     "needs name it), id.",
     "Liệt kê các buổi đối thoại theo phường và ngày. Các cột: ward, date, "
     "title, households\n"
     "(mã các hộ tham dự, cách nhau bởi dấu cách), needs (số nhu cầu\n"
     "ghi buổi đối thoại này), id."},
    {"List dialogues.", "Liệt kê các buổi đối thoại."},
    {"List distributions, oldest first. Columns: ward, date, program, group,\n"
     "beneficiaries, households (number listed), donors, goods (\"item "
     "quantity unit\"\n"
     "lines separated by \"; \"), value_vnd (total value of the goods), id. In "
     "the\n"
     "table format a total line follows on standard error.",
     "Liệt kê các đợt phát/trao tặng, cũ nhất trước. Các cột: ward, date, "
     "program, group,\n"
     "beneficiaries, households (số hộ được liệt kê), donors, goods (các dòng "
     "\"mặt hàng số lượng đơn vị\"\n"
     "ngăn cách bởi \"; \"), value_vnd (tổng giá trị hàng hóa), id. Ở\n"
     "định dạng table, một dòng tổng được in ra standard error."},
    {"List employment events, oldest first. Columns: ward, date, kind, name,\n"
     "citizen_id, household (a member's), employer, trade, job_week (its "
     "title),\n"
     "id.",
     "Liệt kê các sự kiện việc làm, cũ nhất trước. Các cột: ward, date, kind, "
     "name,\n"
     "citizen_id, household (của thành viên hộ), employer, trade, job_week "
     "(tên tuần lễ việc làm),\n"
     "id."},
    {"List employment events.", "Liệt kê các sự kiện việc làm."},
    {"List grievances, oldest received first. Columns: ward, received, "
     "status,\n"
     "kind, channel, household, officer, answered, closed, subject, id.",
     "Liệt kê khiếu nại, phản ánh, tiếp nhận sớm nhất trước. Các cột: ward, "
     "received, status,\n"
     "kind, channel, household, officer, answered, closed, subject, id."},
    {"List grievances.", "Liệt kê khiếu nại, phản ánh."},
    {"List households' requests for an ad-hoc review, oldest first, each with "
     "the\n"
     "first assessment of the household dated on or after it (followed, and "
     "its\n"
     "id); an open request has none. Columns: ward, requested, household, "
     "head,\n"
     "followed, reason, assessment, id.",
     "Liệt kê các đề nghị rà soát đột xuất của các hộ, cũ nhất trước, mỗi đề "
     "nghị kèm\n"
     "kết quả rà soát đầu tiên của hộ ghi ngày từ ngày đề nghị trở đi (ngày xử "
     "lý và\n"
     "mã của kết quả); đề nghị còn mở thì không có. Các cột: ward, requested, "
     "household, head,\n"
     "followed, reason, assessment, id."},
    {"List households, optionally only one residential group or status, or "
     "those on the expected-exit list of a year.\n"
     "Columns: ward, code, head, group, status, since, policy, special,\n"
     "members, id.",
     "Liệt kê các hộ, có thể chỉ lấy một tổ dân phố hoặc một tình trạng, hoặc "
     "các hộ trong danh sách dự kiến thoát nghèo của một năm.\n"
     "Các cột: ward, code, head, group, status, since, policy, special,\n"
     "members, id."},
    {"List households.", "Liệt kê các hộ."},
    {"List job notices, oldest first: a ward's own and the district's (ward\n"
     "empty). Columns: ward, date, kind, employer, positions, apply_at, "
     "channels,\n"
     "note, id.",
     "Liệt kê thông báo tuyển dụng, cũ nhất trước: thông báo của phường và của "
     "quận (cột ward\n"
     "trống). Các cột: ward, date, kind, employer, positions, apply_at, "
     "channels,\n"
     "note, id."},
    {"List job notices.", "Liệt kê thông báo tuyển dụng."},
    {"List job weeks and what came of them.",
     "Liệt kê các tuần lễ việc làm và kết quả của chúng."},
    {"List job weeks with the number of events of each kind recorded at them.\n"
     "Columns: ward, title, from, to, placements, trainings, referrals,\n"
     "labour_exports, id.",
     "Liệt kê các tuần lễ việc làm cùng số sự kiện mỗi loại được ghi nhận tại "
     "đó.\n"
     "Các cột: ward, title, from, to, placements, trainings, referrals,\n"
     "labour_exports, id."},
    {"List likely duplicates anywhere in the district: groups of two\n"
     "or more persons with the same name, compared without diacritics\n"
     "or case (\"Nguyễn Văn An\" = \"NGUYEN VAN AN\"), and the same birth\n"
     "date. Persons without a birth date are not listed. One row per\n"
     "person; rows of a group share its number. Columns: group, ward,\n"
     "household, name, born, citizen_id, id, household_id. District\n"
     "tokens only.",
     "Liệt kê các trường hợp có thể trùng lặp trong toàn quận: các nhóm từ "
     "hai\n"
     "người trở lên cùng họ tên, so sánh không phân biệt dấu\n"
     "hay chữ hoa/thường (\"Nguyễn Văn An\" = \"NGUYEN VAN AN\"), và cùng "
     "ngày\n"
     "sinh. Không liệt kê người không có ngày sinh. Mỗi người một\n"
     "dòng; các dòng cùng nhóm có chung số nhóm. Các cột: group, ward,\n"
     "household, name, born, citizen_id, id, household_id. Chỉ mã truy cập\n"
     "quận."},
    {"List needs, by ward, household and survey date. Columns: ward,\n"
     "household, kind, status, since, estimate_vnd, surveyed, member,\n"
     "description, id.",
     "Liệt kê các nhu cầu, theo phường, hộ và ngày khảo sát. Các cột: ward,\n"
     "household, kind, status, since, estimate_vnd, surveyed, member,\n"
     "description, id."},
    {"List needs.", "Liệt kê các nhu cầu."},
    {"List organizations, district-wide ones first, then by ward and name.\n"
     "Organizations are shared: every token sees them all. Columns: name,\n"
     "kind, ward, id.",
     "Liệt kê các tổ chức, tổ chức toàn quận trước, sau đó theo phường và "
     "tên.\n"
     "Các tổ chức được dùng chung: mọi mã truy cập đều thấy tất cả. Các cột: "
     "name,\n"
     "kind, ward, id."},
    {"List organizations.", "Liệt kê các tổ chức."},
    {"List pairings.", "Liệt kê các kết nghĩa/đỡ đầu."},
    {"List people likely recorded twice (district tokens).",
     "Liệt kê những người có thể bị ghi nhận hai lần (mã truy cập quận)."},
    {"List programme distributions with the value of their goods.",
     "Liệt kê các đợt phát/trao tặng của chương trình cùng giá trị hàng hóa."},
    {"List programmes.", "Liệt kê các chương trình."},
    {"List programmes: a ward's own and the district-wide ones (ward empty).\n"
     "Columns: ward, name, kind, organization, schedule, distributions, id.",
     "Liệt kê các chương trình: của riêng phường và các chương trình toàn quận "
     "(ward để trống).\n"
     "Các cột: ward, name, kind, organization, schedule, distributions, id."},
    {"List sponsorship pairings. Columns: ward, year, household, head,\n"
     "organization, signed, ended (empty while open), commitment, id.",
     "Liệt kê các kết nghĩa/đỡ đầu. Các cột: ward, year, household, head,\n"
     "organization, signed, ended (để trống khi còn mở), commitment, id."},
    {"List support entries, oldest first, and the totals over every entry "
     "that\n"
     "matches: entries, given_vnd, reversed_vnd, net_vnd. Columns: ward,\n"
     "household, date, kind, amount_vnd, fund, organization, need, reverses,\n"
     "reversed_by, description, id. Table: the totals follow the list; JSON:\n"
     "one object with the totals and the entries under \"supports\"; CSV: the\n"
     "entries, and the totals on standard error.",
     "Liệt kê các bút toán hỗ trợ, cũ nhất trước, và tổng cộng trên mọi bút "
     "toán\n"
     "khớp điều kiện: entries, given_vnd, reversed_vnd, net_vnd. Các cột: "
     "ward,\n"
     "household, date, kind, amount_vnd, fund, organization, need, reverses,\n"
     "reversed_by, description, id. Dạng bảng: tổng cộng ở sau danh sách; "
     "JSON:\n"
     "một đối tượng gồm tổng cộng và các bút toán trong \"supports\"; CSV: "
     "các\n"
     "bút toán, còn tổng cộng in ra standard error."},
    {"List support entries, with totals.",
     "Liệt kê các bút toán hỗ trợ, kèm tổng cộng."},
    {"List targets: the district's first, then by ward. Columns: year, scope\n"
     "(\"district\" or the ward's code), metric, value, set_at, set_by, id.",
     "Liệt kê các chỉ tiêu: của quận trước, sau đó theo phường. Các cột: year, "
     "scope\n"
     "(\"district\" hoặc mã của phường), metric, value, set_at, set_by, id."},
    {"List the administrative units of today (or of a day, or all).",
     "Liệt kê các đơn vị hành chính hiện hành (hoặc của một ngày, hoặc tất "
     "cả)."},
    {"List the funds support is paid from (the Fund for the Poor, the\n"
     "social-assurance budget, the Gratitude fund, and any the district\n"
     "added). Columns: code, name.",
     "Liệt kê các quỹ dùng để chi hỗ trợ (Quỹ Vì người nghèo, ngân sách\n"
     "bảo trợ xã hội, Quỹ Đền ơn đáp nghĩa, và các quỹ do quận\n"
     "thêm). Các cột: code, name."},
    {"List the funds.", "Liệt kê các quỹ."},
    {"List the indicators of deprivation each standard counts, in its order: "
     "12 in the 2022–2025 standard (also 2026), 14 in the 2027–2030 one; their "
     "codes are the words of 'assess add --deprived' and the columns of an "
     "assessment CSV. An assessment naming an indicator its year's standard "
     "does not count is refused.\n"
     "Columns: standard, position, code, dimension, name, name_vi.",
     "Liệt kê các chỉ số thiếu hụt mà mỗi chuẩn nghèo tính, theo thứ tự: 12 "
     "chỉ số trong chuẩn 2022–2025 (áp dụng cả năm 2026), 14 chỉ số trong "
     "chuẩn 2027–2030; mã của chúng là các từ dùng trong 'assess add "
     "--deprived' và là các cột của tệp CSV rà soát. Kết quả rà soát nêu một "
     "chỉ số mà chuẩn nghèo của năm đó không tính sẽ bị từ chối.\n"
     "Các cột: standard, position, code, dimension, name, name_vi."},
    {"List the indicators of deprivation of each standard.",
     "Liệt kê các chỉ số thiếu hụt của từng chuẩn nghèo."},
    {"List the members of a household.", "Liệt kê các thành viên của một hộ."},
    {"List the members of a household. Columns: name, born, sex,\n"
     "citizen_id, relation, disability, illness, occupation, id.",
     "Liệt kê các thành viên của một hộ. Các cột: name, born, sex,\n"
     "citizen_id, relation, disability, illness, occupation, id."},
    {"List the poverty standards, one row per standard and area.\n"
     "Columns: code, area, scope, from, to, line, near_poor_ceiling,\n"
     "average_ceiling, deprivations, name.",
     "Liệt kê các chuẩn nghèo, mỗi chuẩn và khu vực một dòng.\n"
     "Các cột: code, area, scope, from, to, line, near_poor_ceiling,\n"
     "average_ceiling, deprivations, name."},
    {"List the poverty standards.", "Liệt kê các chuẩn nghèo."},
    {"List the reads that returned a person's personal data (--person: their\n"
     "member record, or their household), or every read of one actor\n"
     "(--actor), newest first: when, who (token name, role, ward), what\n"
     "(member_list, household_get, household_find, member_duplicates,\n"
     "job_event_list), how many persons and households it returned, \n"
     "whether it matched the person or the household, the request id (req=\n"
     "in the daemon's log) and the token id. Only district and auditor\n"
     "tokens may read the access log.",
     "Liệt kê các lần đọc trả về dữ liệu cá nhân của một người (--person: hồ "
     "sơ\n"
     "thành viên hộ của họ, hoặc hộ của họ), hoặc mọi lần đọc của một người "
     "dùng\n"
     "(--actor), mới nhất trước: khi nào, ai (tên mã truy cập, vai trò, "
     "phường), đọc gì\n"
     "(member_list, household_get, household_find, member_duplicates,\n"
     "job_event_list), số người và số hộ được trả về, \n"
     "trùng khớp với người hay với hộ, mã yêu cầu (req=\n"
     "trong nhật ký của máy chủ ansinhd) và id mã truy cập. Chỉ mã truy cập "
     "quận và kiểm toán viên\n"
     "mới được đọc nhật ký truy cập."},
    {"List the units valid today (--as-of DATE: on that day; --history: all).\n"
     "Columns: code, name, level, parent, official_code, from, to, ward_code,\n"
     "merged_into, merged_on, merged_from.",
     "Liệt kê các đơn vị còn hiệu lực hôm nay (--as-of DATE: vào ngày đó; "
     "--history: tất cả).\n"
     "Các cột: code, name, level, parent, official_code, from, to, ward_code,\n"
     "merged_into, merged_on, merged_from."},
    {"List the wards and communes valid today (--as-of DATE: on that day;\n"
     "--history: all of them, old and new). Records keep the ward they were\n"
     "recorded in: 'records' names the ward codes (used with --ward) whose\n"
     "records a unit holds, e.g. Thanh Khê ward (TKW, since 2025-07-01) those\n"
     "of nine old wards. Columns: code, name, official_code, from, to,\n"
     "merged_into, merged_on, records.",
     "Liệt kê các phường, xã còn hiệu lực hôm nay (--as-of DATE: vào ngày đó;\n"
     "--history: tất cả, cũ và mới). Hồ sơ giữ nguyên phường nơi chúng được\n"
     "ghi nhận: cột 'records' liệt kê các mã phường (dùng với --ward) có hồ "
     "sơ\n"
     "thuộc về đơn vị, ví dụ phường Thanh Khê (TKW, từ 2025-07-01) giữ hồ sơ\n"
     "của chín phường cũ. Các cột: code, name, official_code, from, to,\n"
     "merged_into, merged_on, records."},
    {"List the wards of today (or of a day, or all).",
     "Liệt kê các phường hiện hành (hoặc của một ngày, hoặc tất cả)."},
    {"List the writes waiting in the offline outbox, oldest first:\n"
     "those queued because the daemon could not be reached (state queued),\n"
     "and those the daemon refused when they were sent (state rejected,\n"
     "with its reason), which stay until dropped. Sends nothing. Each entry is "
     "sent\n"
     "only with the token that queued it: token is that token's fingerprint\n"
     "(never the token), queued_as its role and ward as the daemon had said\n"
     "them, this_token whether it is the token of this command.\n"
     "Columns: entry, state, queued, command, record, request, reason,\n"
     "token, queued_as, this_token.",
     "Liệt kê các thao tác ghi đang chờ trong hàng đợi ngoại tuyến, cũ nhất "
     "trước:\n"
     "những thao tác xếp hàng do không kết nối được máy chủ ansinhd (state "
     "queued),\n"
     "và những thao tác bị máy chủ từ chối khi gửi (state rejected,\n"
     "kèm lý do), được giữ lại cho đến khi bị xóa. Không gửi gì. Mỗi mục chỉ "
     "được gửi\n"
     "bằng đúng mã truy cập đã xếp nó vào hàng đợi: token là dấu vân tay của "
     "mã truy cập đó\n"
     "(không bao giờ là chính mã truy cập), queued_as là vai trò và phường của "
     "nó theo máy chủ đã\n"
     "báo, this_token cho biết đó có phải mã truy cập của lệnh này không.\n"
     "Các cột: entry, state, queued, command, record, request, reason,\n"
     "token, queued_as, this_token."},
    {"List the writes waiting in the offline outbox.",
     "Liệt kê các thao tác ghi đang chờ trong hàng đợi ngoại tuyến."},
    {"List yearly targets.", "Liệt kê các chỉ tiêu năm."},
    {"Livelihood-equipment cases registered and funded, VND by fund; "
     "livelihood, assistive and orthopaedic support by recipient group (policy "
     "households, disabled people, poor, near-poor, especially difficult) and "
     "fund; houses built and repaired with their sponsors; pairings signed, "
     "open and ended; programme sessions, beneficiaries, distinct households "
     "served and goods by programme; job placements, trainings and "
     "employment-centre referrals by quarter; needs by kind and stage; support "
     "given, reversed and net.\n"
     "\n"
     "Formats: table (one table per section, labelled in --lang), csv and json "
     "(the figures as they are: section, unit_code, unit_name, key, key_name, "
     "item, measure, value; raw integers; key or item 'all' is a total), html "
     "(one page with bar charts, no network, printable on A4). Analysts: "
     "SELECT * FROM ansinh.report('summary', 2023).",
     "Số trường hợp hỗ trợ phương tiện sinh kế đã đăng ký và đã được cấp kinh "
     "phí, VND theo quỹ; hỗ trợ sinh kế, dụng cụ trợ giúp và chỉnh hình theo "
     "nhóm đối tượng (hộ chính sách, người khuyết tật, hộ nghèo, hộ cận nghèo, "
     "hoàn cảnh đặc biệt khó khăn) và theo quỹ; nhà được xây mới và sửa chữa "
     "cùng nhà tài trợ; kết nghĩa/đỡ đầu đã ký, đang mở và đã kết thúc; các "
     "buổi của chương trình, số người hưởng lợi, số hộ được phục vụ (không "
     "trùng) và hàng hóa theo chương trình; giới thiệu việc làm, đào tạo nghề "
     "và giới thiệu đến Trung tâm DVVL theo quý; nhu cầu theo loại và giai "
     "đoạn; hỗ trợ đã cấp, bút toán hủy/đảo và số thực.\n"
     "\n"
     "Định dạng: table (mỗi phần một bảng, nhãn theo --lang), csv và json (số "
     "liệu nguyên dạng: section, unit_code, unit_name, key, key_name, item, "
     "measure, value; số nguyên thô; key hoặc item 'all' là dòng tổng), html "
     "(một trang có biểu đồ cột, không cần mạng, in được trên khổ A4). Dành "
     "cho người phân tích: SELECT * FROM ansinh.report('summary', 2023)."},
    {"Load administrative units from a CSV file (district only).",
     "Nhập các đơn vị hành chính từ tệp CSV (chỉ quận)."},
    {"Load the units of FILE, a CSV with a header row naming its columns: "
     "code,\n"
     "name, level (required), parent, official_code, valid_from, valid_to,\n"
     "ward_code, merged_into, merged_on, basis. Every unit is added first, "
     "then\n"
     "the merges are recorded; each rejected row is reported by its line. "
     "Rows\n"
     "that exist with the same content are OK: the file may be loaded again.",
     "Nhập các đơn vị trong FILE, tệp CSV có dòng tiêu đề ghi tên các cột: "
     "code,\n"
     "name, level (bắt buộc), parent, official_code, valid_from, valid_to,\n"
     "ward_code, merged_into, merged_on, basis. Mọi đơn vị được thêm trước, "
     "rồi mới\n"
     "ghi nhận việc sáp nhập; mỗi dòng bị từ chối được báo kèm số dòng. Dòng "
     "đã có\n"
     "với nội dung giống hệt vẫn hợp lệ: có thể nhập lại cùng tệp."},
    {"Move a grievance on a step, or change its officer.",
     "Chuyển khiếu nại, phản ánh sang bước tiếp theo, hoặc đổi cán bộ thụ lý."},
    {"Needs surveyed in the period, by kind and stage (registered, verified, "
     "approved, fulfilled, rejected, withdrawn): how many and their estimated "
     "VND. Formats as for report summary. Analysts: SELECT * FROM "
     "ansinh.report('needs', 2023).",
     "Nhu cầu được khảo sát trong kỳ, theo loại và giai đoạn (registered, "
     "verified, approved, fulfilled, rejected, withdrawn): số lượng và số VND "
     "ước tính. Định dạng như báo cáo summary. Dành cho người phân tích: "
     "SELECT * FROM ansinh.report('needs', 2023)."},
    {"Needs surveyed, by kind and stage.",
     "Nhu cầu đã khảo sát, theo loại và giai đoạn."},
    {"Open a household's case file, or change the given texts; the others "
     "stay. Prints the case file's id.",
     "Mở hồ sơ của một hộ, hoặc thay đổi các nội dung được nêu; các nội dung "
     "khác giữ nguyên. In ra mã của hồ sơ."},
    {"Pair a household with a sponsoring organization.",
     "Kết nghĩa một hộ với một tổ chức đỡ đầu."},
    {"Per fund (and 'none' for support a sponsor paid without a fund) and kind "
     "of support: entries, VND given, reversals, VND reversed, net VND; and in "
     "all. Formats as for report summary. Analysts: SELECT * FROM "
     "ansinh.report('funds', 2023).",
     "Theo quỹ (và 'none' cho khoản hỗ trợ do nhà tài trợ chi không qua quỹ) "
     "và loại hỗ trợ: số bút toán, số VND đã chi, số bút toán hủy, số VND đã "
     "hủy, số VND thực chi; và tổng cộng. Định dạng như báo cáo summary. Dành "
     "cho người phân tích: SELECT * FROM ansinh.report('funds', 2023)."},
    {"Per programme (with its organizer and kind) and in all: sessions held in "
     "the period, beneficiaries, distinct households listed as served, value "
     "of the goods. Formats as for report summary. Analysts: SELECT * FROM "
     "ansinh.report('programs', 2023).",
     "Theo chương trình (kèm tổ chức thực hiện và loại) và tổng cộng: số buổi "
     "tổ chức trong kỳ, người thụ hưởng, số hộ khác nhau được ghi là đã phục "
     "vụ, giá trị hàng hóa. Định dạng như báo cáo summary. Dành cho người phân "
     "tích: SELECT * FROM ansinh.report('programs', 2023)."},
    {"Per ward (and today's unit holding its records): households due for the\n"
     "review (poor or near-poor now), assessed for the year, due and "
     "assessed,\n"
     "still missing, assessed though not due (added, e.g. on their request),\n"
     "recognized, and assessed outside the periodic review of 1 Sep - 14 Dec\n"
     "(Decision 24/2021/QĐ-TTg); and the ad-hoc review requests dated in the "
     "year, and\n"
     "of them those still open (no assessment for the year dated on or after\n"
     "the request). Columns: ward, name, unit, due, assessed, due_assessed,\n"
     "missing, added, recognized, outside_window, requests, requests_open.",
     "Theo từng phường (và đơn vị hành chính hiện nay đang giữ hồ sơ của "
     "phường): số hộ thuộc diện\n"
     "rà soát (hiện là hộ nghèo hoặc hộ cận nghèo), đã rà soát trong năm, "
     "thuộc diện và đã rà soát,\n"
     "còn thiếu, đã rà soát dù không thuộc diện (bổ sung, ví dụ theo đề nghị "
     "của hộ),\n"
     "đã công nhận, và đã rà soát ngoài kỳ rà soát định kỳ từ 1/9 đến 14/12\n"
     "(Quyết định 24/2021/QĐ-TTg); cùng số đề nghị rà soát đột xuất ghi ngày "
     "trong năm, và\n"
     "trong đó số đề nghị còn mở (chưa có kết quả rà soát của năm ghi ngày từ\n"
     "ngày đề nghị trở đi). Các cột: ward, name, unit, due, assessed, "
     "due_assessed,\n"
     "missing, added, recognized, outside_window, requests, requests_open."},
    {"Per ward and per standard valid in the year: poor and near-poor "
     "households at the end of the year; households entering and escaping "
     "poverty and near-poverty during it (compared with the end of the year "
     "before; blank when the standard did not apply then), the exits broken "
     "down by especially difficult circumstances and by being poor under the "
     "central standard; and the expected-exit list: households listed, exited, "
     "remained, not assessed. Without --ward a last row, ward 'all', adds up "
     "the wards. --as-of DATE rolls the wards up to the units valid that day "
     "(the ward column names the unit).\n"
     "\n"
     "Columns: ward, standard, poor, near_poor, poor_entries, poor_exits, "
     "poor_exits_special, poor_exits_central_poor, near_poor_entries, "
     "near_poor_exits, near_poor_exits_special, expected, expected_exited, "
     "expected_remained, expected_not_assessed.",
     "Theo từng phường và từng chuẩn nghèo có hiệu lực trong năm: số hộ nghèo "
     "và hộ cận nghèo vào cuối năm; số hộ phát sinh mới và thoát nghèo, cận "
     "nghèo trong năm (so với cuối năm trước; để trống nếu khi đó chuẩn nghèo "
     "chưa áp dụng), số hộ thoát được chia theo hoàn cảnh đặc biệt khó khăn và "
     "theo việc là hộ nghèo theo chuẩn trung ương; và danh sách dự kiến thoát "
     "nghèo: số hộ có tên, đã thoát, còn lại, chưa rà soát. Nếu không có "
     "--ward, một dòng cuối, ward 'all', cộng dồn các phường. --as-of DATE gộp "
     "các phường vào các đơn vị hành chính có hiệu lực vào ngày đó (cột ward "
     "ghi tên đơn vị).\n"
     "\n"
     "Các cột: ward, standard, poor, near_poor, poor_entries, poor_exits, "
     "poor_exits_special, poor_exits_central_poor, near_poor_entries, "
     "near_poor_exits, near_poor_exits_special, expected, expected_exited, "
     "expected_remained, expected_not_assessed."},
    {"Per ward as recorded, or per unit valid on --as-of (with the wards whose "
     "records it holds), and in all: needs registered and fulfilled, net "
     "support, programme sessions, beneficiaries, pairings signed, employment "
     "events. Formats as for report summary. Analysts: SELECT * FROM "
     "ansinh.report('units', 2023, as_of => '2026-12-02').",
     "Theo phường như đã ghi nhận, hoặc theo đơn vị còn hiệu lực vào ngày "
     "--as-of (kèm các phường có hồ sơ thuộc đơn vị đó), và tổng cộng: nhu cầu "
     "đã đăng ký và đã đáp ứng, hỗ trợ thực chi, số buổi chương trình, người "
     "thụ hưởng, số kết nghĩa đã ký, sự kiện việc làm. Định dạng như báo cáo "
     "summary. Dành cho người phân tích: SELECT * FROM ansinh.report('units', "
     "2023, as_of => '2026-12-02')."},
    {"Print the job notices of the week (Monday to Sunday) that holds --week "
     "as\n"
     "one Vietnamese text, ready to paste into a Zalo group: recruitment, "
     "labour\n"
     "export, then training, each with where to apply. A ward's bulletin holds "
     "its\n"
     "own notices and the district's. --format csv or json prints the week "
     "and\n"
     "the count beside the text.",
     "In các thông báo tuyển dụng của tuần (thứ Hai đến Chủ nhật) chứa ngày "
     "--week thành\n"
     "một văn bản tiếng Việt, sẵn sàng dán vào nhóm Zalo: tuyển dụng, xuất "
     "khẩu\n"
     "lao động, rồi đến đào tạo nghề, mỗi mục kèm nơi nộp hồ sơ. Bản tin của "
     "phường gồm\n"
     "thông báo của phường và của quận. --format csv hoặc json in tuần và\n"
     "số lượng bên cạnh văn bản."},
    {"Print the week's job notices as one Vietnamese text.",
     "In các thông báo tuyển dụng trong tuần thành một văn bản tiếng Việt."},
    {"Put a household on a year's expected-exit list.",
     "Đưa một hộ vào danh sách dự kiến thoát nghèo của một năm."},
    {"Put a poor or near-poor household on the list of households expected to "
     "escape poverty (or near-poverty) in a year, change its note, or with "
     "--withdraw take it off (the entry is kept). 'household list "
     "--expect-exit Y' lists them; 'report poverty' says what became of them. "
     "Prints the entry's id.",
     "Đưa một hộ nghèo hoặc hộ cận nghèo vào danh sách hộ dự kiến thoát nghèo "
     "(hoặc thoát cận nghèo) trong một năm, sửa ghi chú, hoặc với --withdraw "
     "thì rút hộ khỏi danh sách (mục vẫn được giữ lại). 'household list "
     "--expect-exit Y' liệt kê các hộ này; 'report poverty' cho biết kết quả "
     "của các hộ. In id của mục."},
    {"Recognize a household's review result (district).",
     "Công nhận kết quả rà soát của một hộ (cấp quận)."},
    {"Record a community programme.", "Ghi nhận một chương trình cộng đồng."},
    {"Record a complaint or feedback received by the ward, about a decision or "
     "a\n"
     "support (optionally a household, a support or an assessment), and print\n"
     "its new id. It starts as received.",
     "Ghi nhận một khiếu nại hoặc phản ánh mà phường tiếp nhận, về một quyết "
     "định hoặc\n"
     "một khoản hỗ trợ (có thể kèm một hộ, một khoản hỗ trợ hoặc một lần rà "
     "soát), và in\n"
     "id mới. Ban đầu ở trạng thái received."},
    {"Record a coordination agreement (chương trình phối hợp) signed with an\n"
     "association for a year's tasks, and print its new id. One per "
     "organization,\n"
     "year and ward (or district). A ward token records its ward's; a "
     "district\n"
     "token names the ward, or gives --district-wide for the district's own.",
     "Ghi nhận một chương trình phối hợp đã ký với một\n"
     "hội, đoàn thể về nhiệm vụ của một năm, và in id mới. Mỗi tổ chức, năm\n"
     "và phường (hoặc quận) chỉ có một. Mã truy cập phường ghi chương trình "
     "của phường mình; mã truy cập\n"
     "quận ghi rõ phường, hoặc dùng --district-wide cho chương trình của chính "
     "quận."},
    {"Record a coordination agreement signed.",
     "Ghi nhận một chương trình phối hợp đã ký."},
    {"Record a dialogue the ward held with poor households and the\n"
     "households that attended, and print its new id. Needs raised there\n"
     "name it with need add --dialogue ID.",
     "Ghi nhận một buổi đối thoại phường tổ chức với hộ nghèo và các\n"
     "hộ đã tham dự, và in id mới. Các nhu cầu nêu ra tại đó\n"
     "ghi id này bằng need add --dialogue ID."},
    {"Record a dialogue with households.",
     "Ghi nhận một buổi đối thoại với các hộ."},
    {"Record a distribution of a programme.",
     "Ghi nhận một đợt phát của chương trình."},
    {"Record a grievance received.",
     "Ghi nhận một khiếu nại, phản ánh đã tiếp nhận."},
    {"Record a household's poverty assessment for a review year: its average "
     "monthly income per person and the indicators it is deprived in. One "
     "assessment per household and year. PostgreSQL classifies it under every "
     "standard valid that year ('assess show'); the household's status changes "
     "only when the district recognizes the result ('assess recognize'). "
     "Prints the id.",
     "Ghi nhận kết quả rà soát nghèo của một hộ cho một năm rà soát: thu nhập "
     "bình quân đầu người mỗi tháng và các chỉ số mà hộ bị thiếu hụt. Mỗi hộ "
     "mỗi năm một kết quả rà soát. PostgreSQL phân loại kết quả theo mọi chuẩn "
     "nghèo có hiệu lực trong năm đó ('assess show'); tình trạng của hộ chỉ "
     "thay đổi khi quận công nhận kết quả ('assess recognize'). In ra mã."},
    {"Record a household's request for an ad-hoc review.",
     "Ghi nhận đề nghị rà soát đột xuất của một hộ."},
    {"Record a household's yearly assessment.",
     "Ghi nhận kết quả rà soát hằng năm của một hộ."},
    {"Record a job notice put out.",
     "Ghi nhận một thông báo tuyển dụng đã đăng."},
    {"Record a job notice — a recruitment need, a labour-export offer or free\n"
     "vocational training — with where to apply and the channels it went out "
     "on,\n"
     "and print its new id. A ward token records its ward's; a district token\n"
     "names the ward, or gives --district-wide for the district's own.",
     "Ghi nhận một thông báo tuyển dụng — nhu cầu tuyển dụng, đơn hàng xuất "
     "khẩu lao động hoặc\n"
     "khóa đào tạo nghề miễn phí — kèm nơi nộp hồ sơ và các kênh đã đăng thông "
     "báo,\n"
     "và in id mới. Mã truy cập phường ghi thông báo của phường mình; mã truy "
     "cập quận\n"
     "ghi rõ phường, hoặc dùng --district-wide cho thông báo của chính quận."},
    {"Record a job placement, a registration for vocational training, a "
     "referral\n"
     "to the employment service centre or labour export, for a member "
     "(--member)\n"
     "or for a person who is not a member (--name, optionally --citizen-id).\n"
     "A member's event is recorded in the member's ward; --job-week must be a "
     "job\n"
     "week of that same ward. Prints the id.",
     "Ghi nhận một trường hợp giới thiệu việc làm, đăng ký đào tạo nghề, giới "
     "thiệu\n"
     "đến Trung tâm DVVL hoặc xuất khẩu lao động, cho một thành viên hộ "
     "(--member)\n"
     "hoặc cho một người không phải thành viên hộ (--name, có thể kèm "
     "--citizen-id).\n"
     "Sự kiện của thành viên hộ được ghi tại phường của thành viên đó; "
     "--job-week phải là\n"
     "tuần lễ việc làm của cùng phường đó. In ra mã."},
    {"Record a job week (tuần lễ việc làm) hosted by the ward and print its "
     "id;\n"
     "employment events point to it with --job-week.",
     "Ghi nhận một tuần lễ việc làm do phường tổ chức và in ra mã của nó;\n"
     "các sự kiện việc làm tham chiếu đến nó bằng --job-week."},
    {"Record a job week hosted by a ward.",
     "Ghi nhận một tuần lễ việc làm do phường tổ chức."},
    {"Record a member of a household and print the new id.",
     "Ghi nhận một thành viên hộ và in id mới."},
    {"Record a new household.", "Ghi nhận một hộ mới."},
    {"Record a new poor or near-poor household and print its id.\n"
     "The code is the ward's own reference (e.g. the number on its list).",
     "Ghi nhận một hộ nghèo hoặc hộ cận nghèo mới và in mã định danh (id) của "
     "hộ.\n"
     "Mã hộ là số tham chiếu riêng của phường (ví dụ số thứ tự trong danh "
     "sách)."},
    {"Record a person in a household.", "Ghi nhận một người trong hộ."},
    {"Record a programme run by an organization (e.g. the Women's Union's "
     "\"0-đồng\n"
     "produce market\") and print its id. A ward token records its ward's "
     "programmes;\n"
     "a district token names the ward, or gives --district-wide for a "
     "programme\n"
     "of the whole district (its distributions are then recorded in the wards "
     "where\n"
     "they are held).",
     "Ghi nhận một chương trình do một tổ chức thực hiện (ví dụ \"0-đồng\n"
     "produce market\" — phiên chợ nông sản 0 đồng của Hội Phụ nữ) và in id. "
     "Mã truy cập phường ghi chương trình của phường mình;\n"
     "mã truy cập quận ghi rõ phường, hoặc dùng --district-wide cho chương "
     "trình\n"
     "toàn quận (khi đó các đợt phát được ghi tại các phường nơi\n"
     "tổ chức đợt phát)."},
    {"Record an employment event.", "Ghi nhận một sự kiện việc làm."},
    {"Record one distribution of a programme: the day, the goods given (one "
     "--goods\n"
     "per line), the number of beneficiaries, the households served where "
     "known\n"
     "(one --household each) and the donors (one --donor each). Prints its id.",
     "Ghi nhận một đợt phát của chương trình: ngày, hàng hóa đã trao (mỗi dòng "
     "một\n"
     "--goods), số người thụ hưởng, các hộ được phục vụ nếu biết\n"
     "(mỗi hộ một --household) và nhà tài trợ (mỗi nhà tài trợ một --donor). "
     "In id."},
    {"Record one step of a grievance, named by its id: in-progress (handling\n"
     "began), answered (with --answer), closed (after the answer) or "
     "withdrawn;\n"
     "and/or its officer. Steps follow received -> in-progress -> answered ->\n"
     "closed (received -> answered is allowed); withdrawn ends an open one. A\n"
     "step that does not follow is refused (FAILED_PRECONDITION). Prints the "
     "id.",
     "Ghi nhận một bước xử lý khiếu nại, phản ánh, chỉ định bằng id: "
     "in-progress (bắt đầu\n"
     "xử lý), answered (kèm --answer), closed (sau khi trả lời) hoặc "
     "withdrawn;\n"
     "và/hoặc cán bộ thụ lý. Các bước theo thứ tự received -> in-progress -> "
     "answered ->\n"
     "closed (cho phép received -> answered); withdrawn kết thúc một vụ việc "
     "đang mở. Bước\n"
     "không đúng thứ tự sẽ bị từ chối (FAILED_PRECONDITION). In id."},
    {"Record support given to a household (or one member) and print the\n"
     "entry's new id. Name the fund it came from, the sponsoring "
     "organization,\n"
     "or both. With --need, the approved need it answers becomes fulfilled\n"
     "in the same transaction. Entries are never changed afterwards: see\n"
     "support reverse.",
     "Ghi nhận khoản hỗ trợ đã trao cho một hộ (hoặc một thành viên hộ) và in "
     "id\n"
     "mới của bút toán. Ghi rõ quỹ chi, tổ chức tài trợ,\n"
     "hoặc cả hai. Với --need, nhu cầu đã phê duyệt mà khoản này đáp ứng "
     "chuyển sang fulfilled\n"
     "trong cùng giao dịch. Bút toán không bao giờ bị sửa sau đó: xem\n"
     "support reverse."},
    {"Record support given.", "Ghi nhận khoản hỗ trợ đã trao."},
    {"Record that a household asked for its poverty status to be reviewed (an\n"
     "ad-hoc review: Decision 24/2021/QĐ-TTg allows it at any time), and "
     "print\n"
     "the request's new id. The household must exist in the token's wards\n"
     "(NOT_FOUND otherwise). The request is followed once an assessment of "
     "the\n"
     "household is dated on or after it (ansinh assess add).",
     "Ghi nhận việc một hộ đề nghị rà soát lại tình trạng nghèo (rà soát\n"
     "đột xuất: Quyết định 24/2021/QĐ-TTg cho phép thực hiện bất cứ lúc nào), "
     "và in ra\n"
     "mã mới của đề nghị. Hộ phải thuộc các phường của mã truy cập (token)\n"
     "(nếu không: NOT_FOUND). Đề nghị được coi là đã xử lý khi có một kết quả "
     "rà soát\n"
     "của hộ ghi ngày từ ngày đề nghị trở đi (ansinh assess add)."},
    {"Record that a registered need was re-checked (phúc tra): it becomes\n"
     "verified. District tokens only.",
     "Ghi nhận nhu cầu đã đăng ký được phúc tra: nhu cầu chuyển sang\n"
     "verified. Chỉ mã truy cập quận."},
    {"Record that a unit merged into another (district only).",
     "Ghi nhận một đơn vị đã sáp nhập vào đơn vị khác (chỉ quận)."},
    {"Record that an organization signed up to help a household for a year\n"
     "(sponsorship pairing) and print its id. A household has at most one "
     "open\n"
     "pairing with the same organization for the same year.",
     "Ghi nhận một tổ chức đã đăng ký giúp đỡ một hộ trong một năm\n"
     "(kết nghĩa/đỡ đầu) và in ra mã của nó. Mỗi hộ chỉ có tối đa một\n"
     "kết nghĩa/đỡ đầu đang mở với cùng một tổ chức trong cùng một năm."},
    {"Record the end of a pairing, named by its id. Prints the id.",
     "Ghi nhận việc kết thúc một kết nghĩa/đỡ đầu, xác định theo mã. In ra "
     "mã."},
    {"Record the re-check of a need (district only).",
     "Ghi nhận việc phúc tra một nhu cầu (chỉ quận)."},
    {"Record what became of unit CODE on a day: it merged into --into (its "
     "records\n"
     "roll up to that unit from then on, and that unit's tokens see them), or\n"
     "--kind part-of / split-from. Records are never re-keyed.",
     "Ghi nhận thay đổi của đơn vị CODE vào một ngày: sáp nhập vào --into (từ "
     "đó\n"
     "hồ sơ của nó được tính gộp vào đơn vị kia, và mã truy cập của đơn vị "
     "kia\n"
     "thấy được), hoặc --kind part-of / split-from. Hồ sơ không bao giờ bị đổi "
     "mã."},
    {"Records of poor and near-poor households and their members, kept by the\n"
     "district daemon ansinhd.\n"
     "\n"
     "Global flags (also accepted after the verb):\n",
     "Hồ sơ hộ nghèo, hộ cận nghèo và thành viên của hộ, lưu tại máy chủ "
     "ansinhd\n"
     "của quận.\n"
     "\n"
     "Tùy chọn chung (cũng dùng được sau thao tác):\n"},
    {"Register a need found by a survey.",
     "Đăng ký một nhu cầu phát hiện qua khảo sát."},
    {"Register a need of a household (or of one member) found by a survey,\n"
     "and print its new id. It starts as registered; the district verifies\n"
     "and approves it, and a support that names it (support add --need)\n"
     "fulfils it.",
     "Đăng ký một nhu cầu của hộ (hoặc của một thành viên hộ) phát hiện qua "
     "khảo sát,\n"
     "và in id mới. Ban đầu nhu cầu ở trạng thái registered; quận xác minh\n"
     "và phê duyệt, và khoản hỗ trợ có ghi nhu cầu này (support add --need)\n"
     "sẽ đáp ứng nó."},
    {"Reject a need (district only).", "Từ chối một nhu cầu (chỉ quận)."},
    {"Reject a registered, verified or approved need. District tokens only.\n"
     "Give the reason with --note.",
     "Từ chối một nhu cầu ở trạng thái registered, verified hoặc approved. Chỉ "
     "mã truy cập quận.\n"
     "Ghi lý do bằng --note."},
    {"Remove an entry from the outbox for good: it will never be sent. Use it\n"
     "for an entry the daemon rejected, once its problem is dealt with, or "
     "for\n"
     "a queued write that should not happen after all. Waits for any ansinh\n"
     "process that is sending the outbox to finish first.",
     "Xóa hẳn một mục khỏi hàng đợi ngoại tuyến: mục đó sẽ không bao giờ được "
     "gửi. Dùng\n"
     "cho mục bị máy chủ ansinhd từ chối, sau khi đã xử lý xong vấn đề, hoặc "
     "cho\n"
     "thao tác ghi đang chờ mà rốt cuộc không nên thực hiện. Chờ mọi tiến "
     "trình ansinh\n"
     "đang gửi hàng đợi kết thúc trước."},
    {"Remove an entry from the outbox without sending it.",
     "Xóa một mục khỏi hàng đợi ngoại tuyến mà không gửi."},
    {"Reverse a support entry.", "Đảo (hủy) một bút toán hỗ trợ."},
    {"Search households by name or code.", "Tìm hộ theo tên hoặc mã hộ."},
    {"Search the names of heads and members and the codes, ignoring\n"
     "accents and case: \"hoanh\" finds \"Trương Văn Hoành\". Same columns as\n"
     "list.",
     "Tìm trong tên chủ hộ, tên thành viên hộ và mã hộ, không phân biệt dấu\n"
     "và chữ hoa/thường: \"hoanh\" tìm thấy \"Trương Văn Hoành\". Các cột "
     "giống\n"
     "như list."},
    {"Send every row of FILE (CSV, UTF-8 with or without a byte order mark;\n"
     "'-' reads stdin) to the daemon as a new record of KIND. The first line\n"
     "names the columns, in English or Vietnamese, in any order. Rows are\n"
     "streamed and pipelined; each rejected row is reported with its line\n"
     "number and reason and the others are written. A progress bar shows\n"
     "on a terminal.\n"
     "\n"
     "Each row's identity comes from its ward and natural key (a household's\n"
     "code; a member's household and citizen ID, or name and birth date; a\n"
     "need's household, kind, survey date, member and description; a "
     "support's\n"
     "content, or the entry it reverses; an assessment's household and year),\n"
     "so the same command can be run again after an interruption, or after\n"
     "correcting rejected rows: what was written is recognised, never\n"
     "duplicated. A row whose key exists with different content is rejected\n"
     "as a conflict: import never changes a record. Empty lines are skipped. "
     "Columns 'line', 'reason' (from a\n"
     "rejects file) and 'stt' are ignored. Needs and supports name their\n"
     "household by code and a member, need or dialogue by id; a reversing\n"
     "entry (supports' 'reverses' column) and an entry that fulfils a need\n"
     "are sent once the rows before them are answered.\n"
     "\n"
     "Prints a summary: rows, written, already (applied by an earlier run),\n"
     "rejected, skipped (empty lines), unfinished. Exit status: 0 every row\n"
     "written, 2 some rows rejected, 4 the daemon stayed unreachable for\n"
     "--timeout (run the command again to finish).",
     "Gửi từng dòng của FILE (CSV, UTF-8 có hoặc không có dấu BOM;\n"
     "'-' đọc từ stdin) đến máy chủ ansinhd thành một hồ sơ mới loại KIND. "
     "Dòng đầu\n"
     "ghi tên các cột, bằng tiếng Anh hoặc tiếng Việt, theo thứ tự bất kỳ. Các "
     "dòng được\n"
     "gửi liên tục theo luồng; mỗi dòng bị từ chối được báo kèm số dòng\n"
     "và lý do, các dòng khác vẫn được ghi. Thanh tiến trình hiển thị\n"
     "trên terminal.\n"
     "\n"
     "Danh tính của mỗi dòng xác định theo phường và khóa tự nhiên (mã hộ\n"
     "của hộ; hộ và số CCCD của thành viên hộ, hoặc họ tên và ngày sinh;\n"
     "hộ, loại, ngày khảo sát, thành viên hộ và mô tả của nhu cầu; nội dung\n"
     "của khoản hỗ trợ, hoặc bút toán mà nó hủy; hộ và năm của lần rà soát),\n"
     "nên có thể chạy lại cùng lệnh sau khi bị gián đoạn, hoặc sau khi\n"
     "sửa các dòng bị từ chối: những gì đã ghi được nhận ra, không bao giờ bị\n"
     "trùng lặp. Dòng có khóa đã tồn tại nhưng nội dung khác sẽ bị từ chối\n"
     "vì xung đột: lệnh nhập không bao giờ thay đổi hồ sơ. Bỏ qua dòng trống. "
     "Các cột 'line', 'reason' (từ\n"
     "tệp các dòng bị từ chối) và 'stt' được bỏ qua. Nhu cầu và hỗ trợ ghi\n"
     "hộ bằng mã hộ, và thành viên hộ, nhu cầu hoặc buổi đối thoại bằng id; "
     "bút toán\n"
     "hủy (cột 'reverses' của hỗ trợ) và bút toán đáp ứng một nhu cầu\n"
     "được gửi khi các dòng trước đó đã có phản hồi.\n"
     "\n"
     "In bản tóm tắt: rows (số dòng), written (đã ghi), already (đã áp dụng ở "
     "lần chạy trước),\n"
     "rejected (bị từ chối), skipped (dòng trống), unfinished (chưa xong). Mã "
     "thoát: 0 mọi dòng\n"
     "đều được ghi, 2 có dòng bị từ chối, 4 máy chủ ansinhd không kết nối được "
     "trong\n"
     "--timeout (chạy lại lệnh để hoàn tất)."},
    {"Send the writes queued in the offline outbox to the daemon, oldest\n"
     "first, one at a time, each with the request id it was queued with (so a\n"
     "write the daemon had already applied is not applied again), and report\n"
     "each outcome: delivered, replayed (the daemon had applied it before),\n"
     "rejected (kept in the outbox with the daemon's reason until 'ansinh\n"
     "outbox drop'), or left queued when the daemon cannot be reached.\n"
     "\n"
     "An entry is only ever sent with the token that queued it: those of\n"
     "another token, or with no token recorded, are left queued (see 'ansinh\n"
     "outbox list' and 'ansinh outbox claim').\n"
     "\n"
     "Any other command that reaches the daemon sends the queued writes first\n"
     "in the same way. Columns: entry, outcome, command, record, reason.\n"
     "Exit status: 0 all sent, 2 some rejected, 4 the daemon became\n"
     "unreachable (the rest stay queued).",
     "Gửi các thao tác ghi đang chờ trong hàng đợi ngoại tuyến đến máy chủ "
     "ansinhd, cũ nhất\n"
     "trước, lần lượt từng thao tác, mỗi thao tác kèm mã yêu cầu đã gán khi "
     "xếp hàng (để một\n"
     "thao tác ghi mà máy chủ đã áp dụng không bị áp dụng lại), và báo cáo\n"
     "kết quả từng thao tác: delivered (đã gửi), replayed (máy chủ đã áp dụng "
     "trước đó),\n"
     "rejected (bị từ chối, giữ lại trong hàng đợi kèm lý do của máy chủ cho "
     "đến khi 'ansinh\n"
     "outbox drop'), hoặc vẫn chờ khi không kết nối được máy chủ.\n"
     "\n"
     "Một mục chỉ được gửi bằng đúng mã truy cập đã xếp nó vào hàng đợi: các "
     "mục của\n"
     "mã truy cập khác, hoặc không ghi mã truy cập, vẫn nằm chờ (xem 'ansinh\n"
     "outbox list' và 'ansinh outbox claim').\n"
     "\n"
     "Mọi lệnh khác kết nối đến máy chủ ansinhd cũng gửi các thao tác ghi đang "
     "chờ trước\n"
     "theo cách tương tự. Các cột: entry, outcome, command, record, reason.\n"
     "Mã thoát: 0 đã gửi hết, 2 có mục bị từ chối, 4 máy chủ ansinhd trở nên\n"
     "không kết nối được (các mục còn lại vẫn chờ)."},
    {"Send the writes queued in the offline outbox.",
     "Gửi các thao tác ghi đang chờ trong hàng đợi ngoại tuyến."},
    {"Set a yearly target (district tokens only).",
     "Đặt chỉ tiêu năm (chỉ mã truy cập (token) cấp quận)."},
    {"Set the target of a year and metric, for the district as a whole or, "
     "with\n"
     "--ward, for one ward. Setting it again replaces the value; every value\n"
     "ever set is kept in the database's target_history. Prints the target's "
     "id.",
     "Đặt chỉ tiêu của một năm và một chỉ số, cho toàn quận hoặc, với\n"
     "--ward, cho một phường. Đặt lại sẽ thay thế giá trị cũ; mọi giá trị\n"
     "đã từng đặt đều được lưu trong bảng target_history của cơ sở dữ liệu. In "
     "ra mã của chỉ tiêu."},
    {"Show a grievance, named by its id, with its dates and answer.",
     "Xem một khiếu nại, phản ánh, chỉ định bằng id, kèm các mốc ngày và nội "
     "dung trả lời."},
    {"Show a household's assessment (the latest, or that of --year) and its "
     "classification under every standard valid that year, with the reason: "
     "\"income 1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance, "
     "...\". In CSV the classifications are one field, \"standard class\" "
     "entries separated by \"; \"; in JSON an array.",
     "Hiển thị kết quả rà soát của một hộ (mới nhất, hoặc của --year) và phân "
     "loại theo mọi chuẩn nghèo có hiệu lực trong năm đó, kèm lý do: \"income "
     "1,850,000 ≤ 2,000,000 and 4 deprivations: health insurance, ...\". Ở "
     "định dạng CSV, các phân loại nằm trong một trường, gồm các mục "
     "\"standard class\" ngăn cách bởi \"; \"; ở JSON là một mảng."},
    {"Show a household's case file.", "Hiển thị hồ sơ của một hộ."},
    {"Show a household's case file: circumstances, living conditions, the "
     "years it is on the expected-exit list, the plan of solutions and the "
     "dated notes. The table format prints each list after the record; JSON "
     "puts them under \"expected\", \"plan\" and \"notes\"; CSV flattens each "
     "into one field of entries separated by \"; \".",
     "Hiển thị hồ sơ của một hộ: hoàn cảnh, điều kiện sống, các năm hộ có tên "
     "trong danh sách dự kiến thoát nghèo, kế hoạch giải pháp và các ghi chú "
     "có ghi ngày. Định dạng table in từng danh sách sau bản ghi; JSON đặt "
     "chúng dưới \"expected\", \"plan\" và \"notes\"; CSV gộp mỗi danh sách "
     "thành một trường gồm các mục ngăn cách bởi \"; \"."},
    {"Show an assessment and its classifications.",
     "Hiển thị một kết quả rà soát và các phân loại của nó."},
    {"Show one administrative unit and its links.",
     "Xem một đơn vị hành chính và các liên kết của nó."},
    {"Show one entry of the outbox, by the number that 'outbox list'\n"
     "shows: the command, when it was queued, its record id and request id,\n"
     "the request it holds, why the daemon refused it if it did, and who\n"
     "queued it (the token's fingerprint, its role and ward).",
     "Xem một mục trong hàng đợi ngoại tuyến, theo số mà 'outbox list'\n"
     "hiển thị: lệnh, thời điểm xếp hàng, id hồ sơ và mã yêu cầu,\n"
     "nội dung yêu cầu, lý do máy chủ ansinhd từ chối (nếu có), và ai đã\n"
     "xếp hàng (dấu vân tay, vai trò và phường của mã truy cập)."},
    {"Show one entry of the outbox.",
     "Xem một mục trong hàng đợi ngoại tuyến."},
    {"Show one grievance.", "Xem một khiếu nại, phản ánh."},
    {"Show one household and its status history.",
     "Xem một hộ và lịch sử tình trạng của hộ."},
    {"Show one household, named by its id or by its code (with\n"
     "--ward unless the token is a ward token), and the history of its\n"
     "poverty status. In CSV the history is one field, \"status since\"\n"
     "entries separated by \"; \"; in JSON an array.",
     "Xem một hộ, chỉ định bằng id hoặc mã hộ (kèm --ward, trừ khi dùng\n"
     "mã truy cập phường), và lịch sử tình trạng nghèo của hộ. Trong CSV,\n"
     "lịch sử là một trường gồm các mục \"status since\" cách nhau bởi \"; "
     "\";\n"
     "trong JSON là một mảng."},
    {"Show one need and every step of its history (status, date, note,\n"
     "support, recorded_at, recorded_by). In CSV the history is one field,\n"
     "\"status date\" entries separated by \"; \"; in JSON an array.",
     "Xem một nhu cầu và mọi bước trong lịch sử của nó (status, date, note,\n"
     "support, recorded_at, recorded_by). Trong CSV, lịch sử là một trường "
     "gồm\n"
     "các mục \"status date\" cách nhau bởi \"; \"; trong JSON là một mảng."},
    {"Show one need and its history.", "Xem một nhu cầu và lịch sử của nó."},
    {"Show one support entry, with the entry it reverses or the entry that\n"
     "reversed it.",
     "Xem một bút toán hỗ trợ, kèm bút toán mà nó đảo hoặc bút toán đã\n"
     "đảo nó."},
    {"Show one support entry.", "Xem một bút toán hỗ trợ."},
    {"Show the audit history of one record, named by its id (a household, a "
     "member,\n"
     "a need, a support, any record) or by a household's code (with --ward "
     "when\n"
     "the code is not unique) or a fund's code: each event oldest first, who\n"
     "wrote it (the token's name and role), when, and field by field the "
     "value\n"
     "recorded (an insert) or the value before and after (an update). "
     "District\n"
     "and auditor tokens only. Columns: event, at, actor, role, ward, table,\n"
     "action, field, old, new, record, request.",
     "Xem nhật ký kiểm toán của một hồ sơ, chỉ định bằng id (hộ, thành viên "
     "hộ,\n"
     "nhu cầu, hỗ trợ, bất kỳ hồ sơ nào) hoặc bằng mã hộ (kèm --ward khi\n"
     "mã không duy nhất) hoặc mã quỹ: từng sự kiện, cũ nhất trước, ai\n"
     "ghi (tên và vai trò của mã truy cập), khi nào, và theo từng trường giá "
     "trị\n"
     "được ghi (khi thêm mới) hoặc giá trị trước và sau (khi cập nhật). Chỉ mã "
     "truy cập\n"
     "quận và kiểm toán viên. Các cột: event, at, actor, role, ward, table,\n"
     "action, field, old, new, record, request."},
    {"Show unit CODE: as unit list, with 'records' (the ward codes whose "
     "records\n"
     "it holds: its own and those merged into it) and every link from or to "
     "it.",
     "Xem đơn vị CODE: như unit list, kèm 'records' (các mã phường có hồ sơ "
     "do\n"
     "đơn vị giữ: của chính nó và của các đơn vị sáp nhập vào) và mọi liên kết "
     "đi và đến nó."},
    {"Show who recorded and changed a record, field by field.",
     "Xem ai đã ghi và thay đổi một hồ sơ, theo từng trường."},
    {"Support given, reversed and net per fund and kind.",
     "Hỗ trợ đã chi, đã hủy và thực chi theo quỹ và loại."},
    {"The district confirms a household's review result for a year: its "
     "classification by the standard (poor, near-poor, or none for average and "
     "above) becomes the household's status from the recognition date, "
     "recorded in its history as 'household update --status' would. A change "
     "of status cannot be dated before the household's current status date. "
     "District tokens only. Prints the recognition's id.",
     "Quận xác nhận kết quả rà soát của một hộ cho một năm: phân loại theo "
     "chuẩn nghèo (poor, near-poor, hoặc none đối với mức trung bình trở lên) "
     "trở thành tình trạng của hộ kể từ ngày công nhận, được ghi vào lịch sử "
     "của hộ như 'household update --status'. Việc thay đổi tình trạng không "
     "được ghi ngày trước ngày của tình trạng hiện tại của hộ. Chỉ dành cho mã "
     "truy cập (token) cấp quận. In ra mã của quyết định công nhận."},
    {"The district's figures for a year, quarter or period.",
     "Số liệu của quận cho một năm, quý hoặc giai đoạn."},
    {"The main figures per unit.", "Các số liệu chính theo đơn vị."},
    {"The year's targets beside the figures reached.",
     "Chỉ tiêu của năm bên cạnh số liệu đạt được."},
    {"The yearly poverty report per ward and standard.",
     "Báo cáo nghèo hằng năm theo phường và chuẩn nghèo."},
    {"Vietnamese name, e.g. Hải Vân", "tên tiếng Việt, ví dụ Hải Vân"},
    {"Who read a person's personal data (district, auditor).",
     "Ai đã đọc dữ liệu cá nhân của một người (quận, kiểm toán viên)."},
    {"Withdraw a need.", "Rút một nhu cầu."},
    {"Withdraw a registered, verified or approved need (e.g. the household\n"
     "no longer needs it). Ward and district tokens.",
     "Rút một nhu cầu ở trạng thái registered, verified hoặc approved (ví dụ "
     "hộ\n"
     "không còn cần nữa). Mã truy cập phường và quận."},
    {"Write a household's circumstances and living conditions.",
     "Ghi hoàn cảnh và điều kiện sống của một hộ."},
    {"Write every record of KIND (households, members, needs, supports or\n"
     "assessments) that the token may see — or those of one ward with\n"
     "--ward, of one year with --year — as CSV on stdout: a header line of\n"
     "the English column names, then one line per record, with its id.\n"
     "'ansinh import KIND' takes the file back unchanged. Always CSV,\n"
     "whatever --format says. A cell that a spreadsheet would run as a\n"
     "formula (beginning with =, +, -, @, a tab or a carriage return, except "
     "a\n"
     "negative number) is written after a guarding ', which import takes\n"
     "off again. With --redact the members' citizen IDs are left out.",
     "Xuất toàn bộ hồ sơ loại KIND (households, members, needs, supports hoặc\n"
     "assessments) mà mã truy cập được xem — hoặc của một phường với\n"
     "--ward, của một năm với --year — dạng CSV ra stdout: một dòng tiêu đề "
     "gồm\n"
     "tên cột tiếng Anh, sau đó mỗi hồ sơ một dòng, kèm id.\n"
     "'ansinh import KIND' nhận lại tệp đó nguyên vẹn. Luôn là CSV,\n"
     "bất kể --format. Ô mà bảng tính sẽ chạy như một\n"
     "công thức (bắt đầu bằng =, +, -, @, ký tự tab hoặc ký tự xuống dòng CR, "
     "trừ\n"
     "số âm) được ghi sau một dấu ' bảo vệ, dấu này được lệnh nhập bỏ\n"
     "đi. Với --redact, số CCCD của thành viên hộ được lược bỏ."},
    {"Write every record of a kind as CSV.",
     "Xuất toàn bộ hồ sơ của một loại ra CSV."},
    {"a channel it went out on: ward-website, zalo (the residential groups' "
     "Zalo groups) or district-news",
     "một kênh đã đăng thông báo: ward-website, zalo (các nhóm Zalo của khu "
     "dân cư) hoặc district-news"},
    {"a day of the week (Monday to Sunday) (default: today)",
     "một ngày trong tuần (thứ Hai đến Chủ nhật) (mặc định: hôm nay)"},
    {"a household served, in the distribution's ward",
     "một hộ được phục vụ, thuộc phường của đợt phát/trao tặng"},
    {"a household that attended; repeat the flag or separate several with "
     "commas",
     "một hộ đã tham dự; lặp lại tùy chọn hoặc ghi nhiều hộ cách nhau bởi dấu "
     "phẩy"},
    {"a household's case file and plan of solutions",
     "hồ sơ của hộ và kế hoạch giải pháp"},
    {"a note", "ghi chú"},
    {"a note on the registration; line breaks allowed",
     "ghi chú khi đăng ký; được xuống dòng"},
    {"a note, e.g. how goods were delivered",
     "ghi chú, ví dụ cách giao hàng hóa"},
    {"a note, e.g. why", "ghi chú, ví dụ lý do"},
    {"a notice of the district (district tokens only; no --ward)",
     "thông báo của quận (chỉ mã truy cập quận; không có --ward)"},
    {"a personal need: the member (an id from member list or export members)",
     "nhu cầu cá nhân: thành viên hộ (id lấy từ member list hoặc export "
     "members)"},
    {"a policy household (hộ chính sách)", "hộ chính sách"},
    {"a policy household, or not", "là hộ chính sách hay không"},
    {"a programme of the whole district (district tokens only; no --ward)",
     "chương trình toàn quận (chỉ mã truy cập quận; không có --ward)"},
    {"a ward's target; without it, the district's as a whole",
     "chỉ tiêu của một phường; nếu không có, là chỉ tiêu của toàn quận"},
    {"address of the daemon ansinhd", "địa chỉ của máy chủ ansinhd"},
    {"administrative units: cities, districts, wards, merges",
     "đơn vị hành chính: thành phố, quận, phường, sáp nhập"},
    {"allow sending the token without TLS to a daemon that is not on this "
     "machine",
     "cho phép gửi mã truy cập không qua TLS đến máy chủ ansinhd không nằm "
     "trên máy này"},
    {"amount in VND, goods at their value (0 to 1000000000000; 60.000.000 and "
     "60,000,000 are accepted; in a file, a reversing entry: minus the amount "
     "it reverses)",
     "số tiền bằng VND, hàng hóa tính theo giá trị (0 đến 1000000000000; chấp "
     "nhận cả 60.000.000 và 60,000,000; trong tệp, với bút toán đảo: số âm của "
     "khoản bị đảo)"},
    {"an organization that donated goods", "một tổ chức đã tặng hàng hóa"},
    {"anything else: wages, conditions, deadline",
     "thông tin khác: tiền lương, điều kiện, hạn chót"},
    {"at most N agreements (default: the daemon's)",
     "tối đa N chương trình phối hợp (mặc định: theo máy chủ ansinhd)"},
    {"at most N dialogues (default: the daemon's)",
     "tối đa N buổi đối thoại (mặc định: theo máy chủ ansinhd)"},
    {"at most N distributions (default: the daemon's)",
     "tối đa N đợt phát/trao tặng (mặc định: theo máy chủ ansinhd)"},
    {"at most N entries (default: the daemon's; the totals count every match)",
     "tối đa N bút toán (mặc định: theo máy chủ ansinhd; tổng cộng tính mọi "
     "bút toán khớp)"},
    {"at most N events (default: the daemon's)",
     "tối đa N sự kiện (mặc định: theo máy chủ ansinhd)"},
    {"at most N field changes (default: the daemon's)",
     "tối đa N thay đổi trường (mặc định: theo máy chủ ansinhd)"},
    {"at most N grievances (default: the daemon's)",
     "tối đa N khiếu nại, phản ánh (mặc định: theo máy chủ ansinhd)"},
    {"at most N groups (the daemon's default: 100)",
     "tối đa N nhóm (mặc định của máy chủ ansinhd: 100)"},
    {"at most N households (default: the daemon's)",
     "tối đa N hộ (mặc định: theo máy chủ ansinhd)"},
    {"at most N job weeks (default: the daemon's)",
     "tối đa N tuần lễ việc làm (mặc định: theo máy chủ ansinhd)"},
    {"at most N needs (default: the daemon's)",
     "tối đa N nhu cầu (mặc định: theo máy chủ ansinhd)"},
    {"at most N notices (default: the daemon's)",
     "tối đa N thông báo (mặc định: theo máy chủ ansinhd)"},
    {"at most N pairings (default: the daemon's)",
     "tối đa N kết nghĩa/đỡ đầu (mặc định: theo máy chủ ansinhd)"},
    {"at most N programmes (default: the daemon's)",
     "tối đa N chương trình (mặc định: theo máy chủ ansinhd)"},
    {"at most N reads, newest first (default: the daemon's)",
     "tối đa N lần đọc, mới nhất trước (mặc định: theo máy chủ ansinhd)"},
    {"at most N requests (default: the daemon's)",
     "tối đa N đề nghị (mặc định: theo máy chủ ansinhd)"},
    {"at most N rows (default: the daemon's)",
     "tối đa N dòng (mặc định: theo máy chủ ansinhd)"},
    {"average monthly income per person, VND",
     "thu nhập bình quân đầu người mỗi tháng, VND"},
    {"central (national) or city", "trung ương (quốc gia) hoặc thành phố"},
    {"citizen ID number (CCCD), 12 digits",
     "số định danh cá nhân (CCCD), 12 chữ số"},
    {"citizen ID number, 12 digits ('' clears it)",
     "số định danh cá nhân, 12 chữ số ('' để xóa)"},
    {"code of the standard, e.g. danang-2022 (lower-case letters, digits, -); "
     "the same for its urban and rural rows",
     "mã của chuẩn nghèo, ví dụ danang-2022 (chữ thường, chữ số, -); giống "
     "nhau cho dòng thành thị và nông thôn"},
    {"community programmes run by organizations",
     "các chương trình cộng đồng do tổ chức thực hiện"},
    {"complaint (khiếu nại: asks that a decision be reviewed) or feedback "
     "(phản ánh, kiến nghị)",
     "complaint (khiếu nại: đề nghị xem xét lại một quyết định) hoặc feedback "
     "(phản ánh, kiến nghị)"},
    {"complaints and feedback received, handled and answered",
     "khiếu nại, phản ánh đã tiếp nhận, xử lý và trả lời"},
    {"coordination agreements signed with the associations",
     "chương trình phối hợp đã ký với các hội, đoàn thể"},
    {"count per unit valid on DATE (records rolled up to the units they merged "
     "into), and --unit as on DATE (default: per ward as recorded; --unit as "
     "today)",
     "thống kê theo đơn vị còn hiệu lực vào ngày DATE (hồ sơ được tính gộp vào "
     "các đơn vị mà chúng đã sáp nhập vào), và --unit theo ngày DATE (mặc "
     "định: theo phường như đã ghi nhận; --unit theo hiện nay)"},
    {"date given, or in a file of a reversing entry the date of the correction "
     "(default: today)",
     "ngày trao, hoặc trong tệp với bút toán đảo là ngày điều chỉnh (mặc định: "
     "hôm nay)"},
    {"date of birth", "ngày sinh"},
    {"date of birth, YYYY-MM-DD", "ngày sinh, YYYY-MM-DD"},
    {"date of the assessment, in the review year, the year before or the year "
     "after (default: today)",
     "ngày rà soát, trong năm rà soát, năm trước hoặc năm sau (mặc định: hôm "
     "nay)"},
    {"date of the correction (default: today)",
     "ngày điều chỉnh (mặc định: hôm nay)"},
    {"date of the recognition; the status holds from it (default: today)",
     "ngày công nhận; tình trạng có hiệu lực từ ngày này (mặc định: hôm nay)"},
    {"date of the step (default: today)",
     "ngày thực hiện bước này (mặc định: hôm nay)"},
    {"date of the survey (default: today)",
     "ngày khảo sát (mặc định: hôm nay)"},
    {"date the status holds from (default: today)",
     "ngày bắt đầu áp dụng tình trạng (mặc định: hôm nay)"},
    {"degree of disability", "mức độ khuyết tật"},
    {"deprivations that make a household at or under the line poor, 1 to 12",
     "số chỉ số thiếu hụt khiến hộ có thu nhập bằng hoặc dưới chuẩn là hộ "
     "nghèo, từ 1 đến 12"},
    {"dialogues with poor households", "đối thoại với hộ nghèo"},
    {"district reports: summary, funds, needs, programmes, employment, units, "
     "targets, poverty",
     "báo cáo của quận: tổng hợp, quỹ, nhu cầu, chương trình, việc làm, đơn vị "
     "hành chính, chỉ tiêu, hộ nghèo"},
    {"e.g. \"Job week, An Khê, March 2023\"",
     "ví dụ \"Job week, An Khê, March 2023\""},
    {"e.g. what it needs to get there ('' clears it)",
     "ví dụ hộ cần gì để đạt được ('' để xóa)"},
    {"employment events: placements, training, referrals",
     "hoạt động việc làm: giới thiệu việc làm, đào tạo nghề, giới thiệu đến "
     "Trung tâm DVVL"},
    {"estimated cost in VND (not given: not estimated)",
     "chi phí ước tính, tính bằng VND (không ghi: chưa ước tính)"},
    {"every unit, old and new, with its validity",
     "mọi đơn vị, cũ và mới, kèm thời gian hiệu lực"},
    {"every ward, old and new, with its validity and what it merged into",
     "mọi phường, cũ và mới, kèm thời gian hiệu lực và đơn vị đã sáp nhập vào"},
    {"file holding the access token (ANSINH_TOKEN may hold the token itself)",
     "tệp chứa mã truy cập (token) (ANSINH_TOKEN có thể chứa chính mã truy "
     "cập)"},
    {"first day", "ngày đầu tiên"},
    {"first day it applies", "ngày đầu tiên áp dụng"},
    {"first day of the unit (default: before any record)",
     "ngày đầu tiên của đơn vị (mặc định: trước mọi hồ sơ)"},
    {"free text, e.g. the decision", "văn bản tự do, ví dụ quyết định"},
    {"free text; line breaks allowed", "văn bản tự do; được phép xuống dòng"},
    {"from this day (default: the year's first)",
     "từ ngày này (mặc định: ngày đầu năm)"},
    {"full name", "họ tên"},
    {"full name and legal basis", "tên đầy đủ và căn cứ pháp lý"},
    {"full name of the head", "họ tên chủ hộ"},
    {"full name of the head of the household", "họ tên chủ hộ"},
    {"full name, unique, e.g. \"Quỹ cứu trợ (Relief fund)\"",
     "tên đầy đủ, không trùng, ví dụ \"Quỹ cứu trợ (Relief fund)\""},
    {"give the household a new code", "đổi mã hộ mới"},
    {"give up on the daemon after this long",
     "ngừng chờ máy chủ ansinhd sau khoảng thời gian này"},
    {"has a serious illness", "mắc bệnh hiểm nghèo"},
    {"has a serious illness, or not", "có mắc bệnh hiểm nghèo hay không"},
    {"highest income of a near-poor household (default: the line)",
     "thu nhập cao nhất của hộ cận nghèo (mặc định: bằng chuẩn)"},
    {"highest income of the average living standard (default: 1.5 x the line)",
     "thu nhập cao nhất của mức sống trung bình (mặc định: 1.5 x chuẩn)"},
    {"household code, unique within the ward (letters, digits, - _ / .)",
     "mã hộ, không trùng trong phường (chữ cái, chữ số, - _ / .)"},
    {"how far the yearly poverty review has come; ad-hoc review requests",
     "tiến độ rà soát hộ nghèo hằng năm; yêu cầu rà soát đột xuất"},
    {"how it came in", "tiếp nhận qua kênh nào"},
    {"in especially difficult circumstances (hoàn cảnh đặc biệt khó khăn)",
     "hoàn cảnh đặc biệt khó khăn"},
    {"in especially difficult circumstances, or not",
     "có hoàn cảnh đặc biệt khó khăn hay không"},
    {"income line per person per month",
     "mức thu nhập bình quân đầu người mỗi tháng"},
    {"its living conditions ('' clears them)",
     "điều kiện sống của hộ ('' để xóa)"},
    {"job weeks hosted by the wards", "tuần lễ việc làm do các phường tổ chức"},
    {"kind of need", "loại nhu cầu"},
    {"kind of organization: association, school, army-unit, agency, "
     "province-committee, business or other",
     "loại tổ chức: association, school, army-unit, agency, "
     "province-committee, business hoặc other"},
    {"kind of solution", "loại giải pháp"},
    {"kind of support: a kind of need, or one of support's own",
     "loại hỗ trợ: một loại nhu cầu, hoặc một loại riêng của hỗ trợ"},
    {"language of --help and of the reports' labels (money as 352.400.000 đ in "
     "vi, 352,400,000 in en; default: vi when LC_ALL, LC_MESSAGES or LANG "
     "starts with vi)",
     "ngôn ngữ của --help và của nhãn trong báo cáo (tiền viết 352.400.000 đ "
     "khi vi, 352,400,000 khi en; mặc định: vi khi LC_ALL, LC_MESSAGES hoặc "
     "LANG bắt đầu bằng vi)"},
    {"last day it applies", "ngày cuối cùng áp dụng"},
    {"last day of the unit (default: it exists today)",
     "ngày cuối cùng của đơn vị (mặc định: đơn vị vẫn còn đến hôm nay)"},
    {"last day, not before --from", "ngày cuối cùng, không trước --from"},
    {"leave out the columns of sensitive personal data: the members' citizen "
     "IDs",
     "lược bỏ các cột dữ liệu cá nhân nhạy cảm: số CCCD của thành viên hộ"},
    {"load a CSV file of records", "nhập hồ sơ từ tệp CSV"},
    {"merged-into: the whole unit and its records; part-of: part of its "
     "territory went to the other; split-from: it was made from part of the "
     "other",
     "merged-into: toàn bộ đơn vị và hồ sơ của nó; part-of: một phần địa giới "
     "chuyển sang đơn vị kia; split-from: đơn vị được lập từ một phần của đơn "
     "vị kia"},
    {"name of the programme, e.g. \"Chợ 0 đồng\", unique in its ward",
     "tên chương trình, ví dụ \"Chợ 0 đồng\", không trùng trong phường"},
    {"name, unique in the district, e.g. \"Hội LHPN phường An Khê\"",
     "tên, không trùng trong quận, ví dụ \"Hội LHPN phường An Khê\""},
    {"needs surveyed per household, and their approval",
     "nhu cầu khảo sát theo từng hộ và việc phê duyệt"},
    {"new poverty status (recorded in the history)",
     "tình trạng nghèo mới (ghi vào lịch sử)"},
    {"notes of what was said", "ghi chép nội dung đã trao đổi"},
    {"occupation ('' clears it)", "nghề nghiệp ('' để xóa)"},
    {"occupation, e.g. street vendor", "nghề nghiệp, ví dụ bán hàng rong"},
    {"official code, 2 to 5 digits (Decision 19/2025/QĐ-TTg)",
     "mã chính thức, 2 đến 5 chữ số (Quyết định 19/2025/QĐ-TTg)"},
    {"one line of goods given: item, quantity, unit and value in VND, e.g. "
     "\"trứng:300:quả:900000\"",
     "một dòng hàng hóa đã trao: mặt hàng, số lượng, đơn vị tính và giá trị "
     "bằng VND, ví dụ \"trứng:300:quả:900000\""},
    {"only agreements for this year", "chỉ chương trình phối hợp của năm này"},
    {"only agreements with this organization",
     "chỉ chương trình phối hợp với tổ chức này"},
    {"only dialogues held on or after",
     "chỉ các buổi đối thoại tổ chức từ ngày này trở về sau"},
    {"only dialogues held on or before",
     "chỉ các buổi đối thoại tổ chức từ ngày này trở về trước"},
    {"only distributions on or after this day",
     "chỉ các đợt phát/trao tặng từ ngày này trở đi"},
    {"only distributions on or before this day",
     "chỉ các đợt phát/trao tặng đến hết ngày này"},
    {"only entries dated on or after",
     "chỉ các bút toán từ ngày này trở về sau"},
    {"only entries dated on or before",
     "chỉ các bút toán từ ngày này trở về trước"},
    {"only entries of this kind (as for support add)",
     "chỉ các bút toán loại này (như với support add)"},
    {"only events of this job week",
     "chỉ các sự kiện của tuần lễ việc làm này"},
    {"only events of this kind", "chỉ các sự kiện thuộc loại này"},
    {"only events on or after this day", "chỉ các sự kiện từ ngày này trở đi"},
    {"only events on or before this day", "chỉ các sự kiện đến hết ngày này"},
    {"only grievances in this status",
     "chỉ khiếu nại, phản ánh ở trạng thái này"},
    {"only households on the expected-exit list of year Y",
     "chỉ các hộ trong danh sách dự kiến thoát nghèo của năm Y"},
    {"only job weeks starting in this year",
     "chỉ các tuần lễ việc làm bắt đầu trong năm này"},
    {"only needs surveyed in this year",
     "chỉ các nhu cầu khảo sát trong năm này"},
    {"only notices of this kind", "chỉ thông báo loại này"},
    {"only organizations of this ward", "chỉ các tổ chức của phường này"},
    {"only pairings for this year", "chỉ các kết nghĩa/đỡ đầu của năm này"},
    {"only pairings that have not ended",
     "chỉ các kết nghĩa/đỡ đầu chưa kết thúc"},
    {"only programmes of this kind", "chỉ các chương trình loại này"},
    {"only reads on or after this day (UTC)",
     "chỉ các lần đọc từ ngày này trở đi (UTC)"},
    {"only reads on or before this day (UTC)",
     "chỉ các lần đọc đến ngày này (UTC)"},
    {"only requests dated in this calendar year",
     "chỉ các đề nghị ghi ngày trong năm dương lịch này"},
    {"only requests no assessment has followed yet",
     "chỉ các đề nghị chưa có kết quả rà soát"},
    {"only review year Y", "chỉ năm rà soát Y"},
    {"only the groups with someone in this ward (listed whole)",
     "chỉ các nhóm có người ở phường này (liệt kê cả nhóm)"},
    {"only the indicators of this standard, e.g. central-2027",
     "chỉ các chỉ số của chuẩn nghèo này, ví dụ central-2027"},
    {"only the records of year Y: needs surveyed, supports given, assessments "
     "of review year Y (not for households or members)",
     "chỉ hồ sơ của năm Y: nhu cầu khảo sát, hỗ trợ đã chi, rà soát của năm rà "
     "soát Y (không áp dụng cho hộ hoặc thành viên hộ)"},
    {"only the standards valid in year Y",
     "chỉ các chuẩn nghèo có hiệu lực trong năm Y"},
    {"only the units of this level", "chỉ các đơn vị ở cấp này"},
    {"only this administrative unit: a ward (AK), the district (TK), a ward of "
     "today (TKW): the wards it holds on --as-of (district and auditor tokens; "
     "a ward token always reports on its own ward)",
     "chỉ đơn vị hành chính này: một phường (AK), quận (TK), một phường hiện "
     "nay (TKW): các phường thuộc đơn vị đó vào ngày --as-of (mã truy cập quận "
     "và kiểm toán viên; mã truy cập phường luôn báo cáo phường của mình)"},
    {"only this classification", "chỉ phân loại này"},
    {"only this fund", "chỉ quỹ này"},
    {"only this household", "chỉ hộ này"},
    {"only this household's needs", "chỉ các nhu cầu của hộ này"},
    {"only this household's pairings", "chỉ các kết nghĩa/đỡ đầu của hộ này"},
    {"only this kind", "chỉ loại này"},
    {"only this kind (as for need add)", "chỉ loại này (như với need add)"},
    {"only this kind (as for org add)", "chỉ loại này (như với org add)"},
    {"only this organization", "chỉ tổ chức này"},
    {"only this organization's pairings",
     "chỉ các kết nghĩa/đỡ đầu của tổ chức này"},
    {"only this poverty status", "chỉ tình trạng nghèo này"},
    {"only this programme's distributions",
     "chỉ các đợt phát/trao tặng của chương trình này"},
    {"only this quarter of the year (1-4)", "chỉ quý này trong năm (1-4)"},
    {"only this residential group", "chỉ tổ dân phố này"},
    {"only this standard", "chỉ chuẩn nghèo này"},
    {"only this status: registered, verified, approved, fulfilled, rejected or "
     "withdrawn",
     "chỉ trạng thái này: registered, verified, approved, fulfilled, rejected "
     "hoặc withdrawn"},
    {"only this ward (default: every ward the token may see, and a total row "
     "'all')",
     "chỉ phường này (mặc định: mọi phường mà mã truy cập (token) được xem, và "
     "một dòng tổng 'all')"},
    {"only this ward's targets (without it: the district's and every ward's "
     "the token may see)",
     "chỉ các chỉ tiêu của phường này (nếu không có: chỉ tiêu của quận và của "
     "mọi phường mà mã truy cập (token) được xem)"},
    {"only this year's targets", "chỉ các chỉ tiêu của năm này"},
    {"only those put out on or after this day",
     "chỉ những thông báo đăng từ ngày này trở đi"},
    {"only those put out on or before this day",
     "chỉ những thông báo đăng đến ngày này"},
    {"only those received on or after this day",
     "chỉ những vụ việc tiếp nhận từ ngày này trở đi"},
    {"only those received on or before this day",
     "chỉ những vụ việc tiếp nhận đến ngày này"},
    {"or the full name of a person who is not a member",
     "hoặc họ tên đầy đủ của người không phải thành viên hộ"},
    {"our code for the unit: 2 to 16 capital letters and digits, e.g. HVW",
     "mã của đơn vị (do ta đặt): 2 đến 16 chữ in hoa và chữ số, ví dụ HVW"},
    {"output format", "định dạng đầu ra"},
    {"people or households served, at least the households listed (default: "
     "the number of --household)",
     "số người hoặc hộ được phục vụ, ít nhất bằng số hộ được liệt kê (mặc "
     "định: số lần --household)"},
    {"personal support: the member (an id from member list or export members)",
     "hỗ trợ cá nhân: thành viên hộ (id lấy từ member list hoặc export "
     "members)"},
    {"phone number ('' clears it)", "số điện thoại ('' để xóa)"},
    {"phone number, 8 to 15 digits", "số điện thoại, 8 đến 15 chữ số"},
    {"poor and near-poor households", "hộ nghèo và hộ cận nghèo"},
    {"positions (or training places) offered, 1..100000",
     "số vị trí (hoặc số suất đào tạo) cần tuyển, 1..100000"},
    {"poverty standards and the indicators each counts",
     "chuẩn nghèo và các chỉ số được tính theo từng chuẩn"},
    {"poverty status", "tình trạng nghèo"},
    {"print the version", "in phiên bản"},
    {"read and check every row, report the rejects, send nothing",
     "đọc và kiểm tra mọi dòng, báo các dòng bị từ chối, không gửi gì"},
    {"recruitment (tuyển dụng), labour-export (xuất khẩu lao động) or training "
     "(đào tạo nghề miễn phí)",
     "recruitment (tuyển dụng), labour-export (xuất khẩu lao động) hoặc "
     "training (đào tạo nghề miễn phí)"},
    {"reference of the decision, e.g. 1234/QĐ-UBND",
     "số hiệu quyết định, ví dụ 1234/QĐ-UBND"},
    {"relation to the head of the household", "quan hệ với chủ hộ"},
    {"residential group (tổ dân phố) where it was held",
     "tổ dân phố nơi tổ chức"},
    {"residential group (tổ dân phố), 1 to 999", "tổ dân phố, 1 đến 999"},
    {"residential group, 1 to 999", "tổ dân phố, 1 đến 999"},
    {"review year (default: the latest assessment)",
     "năm rà soát (mặc định: kết quả rà soát mới nhất)"},
    {"review year whose result is recognized",
     "năm rà soát có kết quả được công nhận"},
    {"review year, 2000 to 2100", "năm rà soát, từ 2000 đến 2100"},
    {"send the writes queued in the offline outbox",
     "gửi các thao tác ghi đang chờ trong hàng đợi ngoại tuyến"},
    {"sex", "giới tính"},
    {"short code, e.g. flood-relief: 2 to 32 lower-case letters, digits and -, "
     "starting with a letter",
     "mã ngắn, ví dụ flood-relief: 2 đến 32 chữ thường, chữ số và -, bắt đầu "
     "bằng chữ cái"},
    {"signed by the district (district tokens only; no --ward)",
     "do quận ký (chỉ mã truy cập quận; không có --ward)"},
    {"speak TLS to the daemon, verifying its certificate and host name",
     "kết nối TLS đến máy chủ ansinhd, xác minh chứng chỉ và tên máy chủ"},
    {"sponsoring and donating organizations",
     "các tổ chức tài trợ và quyên góp"},
    {"sponsorship pairings of organizations and households",
     "kết nghĩa, đỡ đầu giữa tổ chức và hộ"},
    {"street address", "địa chỉ"},
    {"street address ('' clears it)", "địa chỉ ('' để xóa)"},
    {"support given: the money ledger", "hỗ trợ đã trao: sổ theo dõi tiền"},
    {"take the household off that year's list",
     "rút hộ khỏi danh sách của năm đó"},
    {"the answer given: required with --status answered, and only then",
     "nội dung trả lời: bắt buộc với --status answered, và chỉ khi đó"},
    {"the approved need of this household it fulfils",
     "nhu cầu đã phê duyệt của hộ này mà khoản hỗ trợ đáp ứng"},
    {"the area this row is for; add the other area with a second command",
     "khu vực áp dụng của dòng này; thêm khu vực còn lại bằng một lệnh thứ "
     "hai"},
    {"the association's id (see 'ansinh org list')",
     "id của hội, đoàn thể (xem 'ansinh org list')"},
    {"the coordination agreement it serves (see 'ansinh agreement list')",
     "chương trình phối hợp mà chương trình này phục vụ (xem 'ansinh agreement "
     "list')"},
    {"the date the note is about (default: today)",
     "ngày mà ghi chú đề cập (mặc định: hôm nay)"},
    {"the day it ended, not before it was signed (default: today)",
     "ngày kết thúc, không trước ngày ký (mặc định: hôm nay)"},
    {"the day it was held", "ngày tổ chức"},
    {"the day it was put out (default: today)",
     "ngày đăng thông báo (mặc định: hôm nay)"},
    {"the day it was received (default: today)",
     "ngày tiếp nhận (mặc định: hôm nay)"},
    {"the day it was signed (default: today)", "ngày ký (mặc định: hôm nay)"},
    {"the day it was signed, in the year or the year before (default: today)",
     "ngày ký, trong năm đó hoặc năm trước (mặc định: hôm nay)"},
    {"the day of the placement, registration or referral",
     "ngày giới thiệu việc làm, đăng ký hoặc giới thiệu đến"},
    {"the day of the request, not in the future (default: today)",
     "ngày đề nghị, không ở tương lai (mặc định: hôm nay)"},
    {"the day of the step, not before the last one (default: today)",
     "ngày của bước, không trước bước gần nhất (mặc định: hôm nay)"},
    {"the day the change took effect (a merge ends the unit the day before)",
     "ngày thay đổi có hiệu lực (sáp nhập kết thúc đơn vị vào ngày hôm trước)"},
    {"the day the distribution was held", "ngày tổ chức đợt phát/trao tặng"},
    {"the dialogue where it was raised (an id from dialogue list)",
     "buổi đối thoại nêu ra nhu cầu (id lấy từ dialogue list)"},
    {"the district's yearly targets", "chỉ tiêu hằng năm của quận"},
    {"the employer, or for training the trade taught",
     "đơn vị tuyển dụng, hoặc với đào tạo nghề thì nghề được đào tạo"},
    {"the employer, or where referred to",
     "đơn vị sử dụng lao động, hoặc nơi được giới thiệu đến"},
    {"the fund it came from (see fund list)", "quỹ chi (xem fund list)"},
    {"the funds support is paid from", "các quỹ dùng để chi hỗ trợ"},
    {"the household asking for a review", "hộ đề nghị rà soát"},
    {"the household concerned, if any", "hộ liên quan, nếu có"},
    {"the household helped", "hộ được giúp đỡ"},
    {"the household's circumstances ('' clears them)",
     "hoàn cảnh của hộ ('' để xóa)"},
    {"the household, by id or code", "hộ, theo id hoặc mã hộ"},
    {"the indicators the household is deprived in, separated by commas, e.g. "
     "health-insurance,housing-area (see 'ansinh standard indicators'); a file "
     "has a column each",
     "các chỉ số mà hộ bị thiếu hụt, ngăn cách bởi dấu phẩy, ví dụ "
     "health-insurance,housing-area (xem 'ansinh standard indicators'); trong "
     "tệp, mỗi chỉ số là một cột"},
    {"the job week it came from (of the same ward)",
     "tuần lễ việc làm mà sự kiện phát sinh từ đó (của cùng phường)"},
    {"the legal text, e.g. \"Nghị quyết 1659/NQ-UBTVQH15\"",
     "văn bản pháp lý, ví dụ \"Nghị quyết 1659/NQ-UBTVQH15\""},
    {"the member it is for (see 'ansinh member list')",
     "thành viên hộ liên quan (xem 'ansinh member list')"},
    {"the note (up to 4000 characters, line breaks allowed)",
     "nội dung ghi chú (tối đa 4000 ký tự, được phép xuống dòng)"},
    {"the officer handling it", "cán bộ thụ lý"},
    {"the officer handling it (\"\" clears)", "cán bộ thụ lý (\"\" để xóa)"},
    {"the organizing organization's id (see 'ansinh org list')",
     "id của tổ chức thực hiện (xem 'ansinh org list')"},
    {"the people of a household", "thành viên của hộ"},
    {"the person: a 12-digit citizen ID or a member id (see 'ansinh member "
     "list')",
     "người cần tra: số định danh cá nhân 12 chữ số hoặc id thành viên hộ (xem "
     "'ansinh member list')"},
    {"the poverty assessment it is about, if any",
     "lần rà soát hộ nghèo liên quan, nếu có"},
    {"the private key of --cert (default: in --cert's file)",
     "khóa riêng của --cert (mặc định: trong tệp của --cert)"},
    {"the programme's id (see 'ansinh program list')",
     "mã của chương trình (xem 'ansinh program list')"},
    {"the recipient household, by id or code",
     "hộ nhận hỗ trợ, theo id hoặc mã hộ"},
    {"the review year (the December 2026 review sets 2027's lists: --year "
     "2027)",
     "năm rà soát (kỳ rà soát tháng 12/2026 lập danh sách năm 2027: --year "
     "2027)"},
    {"the sponsoring organization's id", "mã của tổ chức đỡ đầu"},
    {"the sponsoring organization, by id or exact name (see org list); a fund, "
     "an organization or both",
     "tổ chức tài trợ, theo id hoặc đúng tên (xem org list); ghi quỹ, tổ chức "
     "hoặc cả hai"},
    {"the standard recognized by (default: the central standard of that year)",
     "chuẩn nghèo dùng để công nhận (mặc định: chuẩn trung ương của năm đó)"},
    {"the status it enters", "trạng thái chuyển sang"},
    {"the support it is about, if any", "khoản hỗ trợ liên quan, nếu có"},
    {"the target, a whole number (0 or more)",
     "chỉ tiêu, một số nguyên (từ 0 trở lên)"},
    {"the token name that read (with --person: only its reads)",
     "tên mã truy cập đã đọc (với --person: chỉ các lần đọc của mã đó)"},
    {"the trade or job, e.g. tailoring", "nghề hoặc công việc, ví dụ may mặc"},
    {"the two-letter ward code its records carry, for a ward or commune whose "
     "records are kept here (tokens and --ward name it)",
     "mã phường hai chữ cái ghi trên hồ sơ, cho phường hoặc xã có hồ sơ lưu "
     "tại đây (mã truy cập và --ward dùng mã này)"},
    {"the unit it belongs to, e.g. DN (Đà Nẵng city)",
     "đơn vị cấp trên, ví dụ DN (thành phố Đà Nẵng)"},
    {"the unit it merged into (or, with --kind, the other unit)",
     "đơn vị được sáp nhập vào (hoặc, với --kind, đơn vị còn lại)"},
    {"the unit's level", "cấp của đơn vị"},
    {"the units of that day (default: today)",
     "các đơn vị của ngày đó (mặc định: hôm nay)"},
    {"the ward it belongs to (a ward token: its own ward; a district token: "
     "any, or none for district-wide and outside organizations)",
     "phường của tổ chức (mã truy cập phường: phường của mình; mã truy cập "
     "quận: bất kỳ phường nào, hoặc bỏ trống cho tổ chức toàn quận và tổ chức "
     "bên ngoài)"},
    {"the ward where it was held: needed for a district-wide programme (a ward "
     "programme's distributions are in its ward)",
     "phường nơi tổ chức: bắt buộc với chương trình toàn quận (các đợt "
     "phát/trao tặng của chương trình cấp phường thuộc phường đó)"},
    {"the ward, e.g. AK (a ward token implies its own ward; district tokens "
     "need it)",
     "phường, ví dụ AK (mã truy cập phường ngầm hiểu là phường của nó; mã truy "
     "cập quận phải ghi)"},
    {"the wards of that day (default: today)",
     "các phường của ngày đó (mặc định: hôm nay)"},
    {"the wards of the district", "các phường của quận"},
    {"the wards' figures summed into the units valid that day (e.g. "
     "2026-12-02: Thanh Khê ward TKW, An Khê ward AKW)",
     "số liệu các phường được cộng vào các đơn vị hành chính có hiệu lực vào "
     "ngày đó (ví dụ 2026-12-02: phường Thanh Khê TKW, phường An Khê AKW)"},
    {"the weekly job notices and their Zalo bulletin",
     "thông báo tuyển dụng hằng tuần và bản tin Zalo"},
    {"the writes queued while the daemon was unreachable",
     "các thao tác ghi được xếp hàng đợi khi không kết nối được máy chủ "
     "ansinhd"},
    {"the year of the commitment (default: the year of --signed)",
     "năm cam kết (mặc định: năm của --signed)"},
    {"the year of the target", "năm của chỉ tiêu"},
    {"the year reported", "năm báo cáo"},
    {"the year the household is expected to escape poverty",
     "năm hộ dự kiến thoát nghèo"},
    {"the year whose tasks it sets (default: the year of --signed)",
     "năm mà chương trình đặt ra nhiệm vụ (mặc định: năm của --signed)"},
    {"the year's tasks, up to 4000 characters",
     "nhiệm vụ của năm, tối đa 4000 ký tự"},
    {"this help", "trợ giúp này"},
    {"this office's client certificate (PEM), when the daemon asks for one",
     "chứng chỉ client của cơ quan này (PEM), khi máy chủ ansinhd yêu cầu"},
    {"title, e.g. \"Đối thoại với hộ nghèo 2024\"",
     "tiêu đề, ví dụ \"Đối thoại với hộ nghèo 2024\""},
    {"to this day (default: the year's last)",
     "đến ngày này (mặc định: ngày cuối năm)"},
    {"what a programme gave each time: goods, beneficiaries, donors",
     "những gì chương trình trao mỗi đợt: hàng hóa, người thụ hưởng, nhà tài "
     "trợ"},
    {"what happened: a job placement, a registration for vocational training, "
     "a referral to the city employment service centre, labour export",
     "nội dung sự việc: giới thiệu việc làm, đăng ký đào tạo nghề, giới thiệu "
     "đến Trung tâm DVVL thành phố, xuất khẩu lao động"},
    {"what is counted", "nội dung được đếm"},
    {"what is needed, one line, e.g. \"food display cabinet\"",
     "nội dung cần, một dòng, ví dụ \"food display cabinet\" (tủ kính bày hàng "
     "ăn)"},
    {"what is to be done", "việc cần làm"},
    {"what is to be done (up to 500 characters)",
     "việc cần làm (tối đa 500 ký tự)"},
    {"what it is about, up to 1000 characters", "nội dung, tối đa 1000 ký tự"},
    {"what the programme gives", "nội dung chương trình trao tặng"},
    {"what the sponsor committed to, e.g. \"500,000 VND a month and school "
     "books\"",
     "nội dung nhà tài trợ cam kết, ví dụ \"500,000 VND a month and school "
     "books\""},
    {"what was given, one line", "nội dung đã trao, một dòng"},
    {"when it runs, e.g. \"monthly, in each residential area\"",
     "thời gian thực hiện, ví dụ \"monthly, in each residential area\" (hằng "
     "tháng, tại mỗi khu dân cư)"},
    {"when it should be done", "thời hạn cần hoàn thành"},
    {"when it should be done ('' clears it)",
     "thời hạn cần hoàn thành ('' để xóa)"},
    {"where and how to apply, up to 500 characters",
     "nơi và cách nộp hồ sơ, tối đa 500 ký tự"},
    {"where it stands", "tình trạng thực hiện"},
    {"which income line applies", "mức thu nhập (chuẩn) nào được áp dụng"},
    {"who assessed the household", "người rà soát hộ"},
    {"who read whose personal data; who recorded and changed a record",
     "ai đã xem dữ liệu cá nhân của ai; ai đã ghi và sửa hồ sơ"},
    {"why a review is asked for, up to 1000 characters",
     "lý do đề nghị rà soát, tối đa 1000 ký tự"},
    {"why or how it ended", "lý do hoặc cách thức kết thúc"},
    {"why the entry is reversed", "lý do đảo bút toán"},
    {"with --name: the person's citizen ID, if known",
     "với --name: số định danh cá nhân/CCCD của người đó, nếu biết"},
    {"with --status: date of the change (default: today)",
     "kèm --status: ngày thay đổi (mặc định: hôm nay)"},
    {"write records as CSV that import takes back",
     "xuất hồ sơ ra CSV để lệnh import nhập lại được"},
    {"write the rejected rows here, as CSV: line, reason and the row as it was "
     "(default: each on stderr)",
     "ghi các dòng bị từ chối vào đây, dạng CSV: số dòng, lý do và nội dung "
     "dòng như ban đầu (mặc định: từng dòng ra stderr)"},
    {"yearly poverty assessments and their recognition",
     "rà soát hộ nghèo hằng năm và việc công nhận"},
};

static int
help_vi_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct help_vi *)elem)->en);
}

const char *
lang_help_vi(const char *en)
{
	const struct help_vi *h;

	h = bsearch(en, help_vi, sizeof help_vi / sizeof help_vi[0],
	            sizeof help_vi[0], help_vi_cmp);
	return h != NULL ? h->vi : NULL;
}

const char *
lang_help_key(unsigned i)
{
	return i < sizeof help_vi / sizeof help_vi[0] ? help_vi[i].en : NULL;
}
