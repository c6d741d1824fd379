# 人员名单导入（gridbot roster import）与模板（gridbot roster template）。

## 错误位置：人员表只写行号，其他工作表（网格）写表名

roster-at-row = 第 { $row } 行：{ $message }
roster-at-sheet-row = 工作表“{ $sheet }”第 { $row } 行：{ $message }
roster-at-sheet = 工作表“{ $sheet }”：{ $message }

## 导入结果

roster-import-summary = 导入成功：新增 { $created } 人，更新 { $updated } 人，社区 { $communities } 个，网格 { $grids } 个
roster-import-failed = 导入失败：发现 { $count } 处错误，未写入任何数据。请修改后重新导入。

## 文件级错误

roster-err-file-not-found = 找不到文件“{ $file }”
roster-err-file-type = 不支持的文件类型“{ $suffix }”，请另存为 .xlsx 或 .csv
roster-err-file-unreadable = 无法读取“{ $file }”：不是有效的 Excel（.xlsx）文件
roster-err-file-encoding = 无法识别“{ $file }”的编码，请另存为 UTF-8 或 GBK 编码的 CSV
roster-err-no-people-sheet = 工作簿中没有人员名单工作表
roster-err-empty-sheet = 工作表是空的
roster-err-empty-file = 文件中没有任何人员或网格
roster-err-missing-header = 缺少列“{ $header }”
roster-err-subdistrict-ambiguous = 系统中已有多个街道（{ $subdistricts }），请增加“街道”列注明每人所属街道

## 人员表的行错误

roster-err-empty-name = 姓名为空
roster-err-too-long = { $column ->
        [name] 姓名
        [community] 社区名称
        [grid] 网格名称
        [department] 部门名称
        [subdistrict] 街道名称
       *[other] { $column }
    }过长（最多 { $max } 个字）
roster-err-missing-phone = 手机号为空
roster-err-invalid-phone = 手机号“{ $phone }”不是有效的大陆手机号
roster-err-duplicate-phone = 手机号“{ $phone }”与第 { $first_row } 行重复
roster-err-missing-roles = 角色为空
roster-err-unknown-role = 未知角色“{ $role }”
roster-err-missing-community = 角色“{ $roles }”需要填写社区
roster-err-one-community = 角色“{ $roles }”只能属于一个社区，但填写了多个社区（{ $communities }）；只有分工社区领导可以分管多个社区
roster-err-missing-department = 角色“{ $roles }”需要填写部门
roster-err-subdistrict-missing = 系统中有多个街道，请填写“街道”
roster-err-grid-needs-community = 填写了网格“{ $grids }”，需要且只能填写一个社区
roster-err-unknown-grid = 网格“{ $grid }”不在“网格”表的“{ $community }”中
roster-err-window-cap = 社区“{ $community }”的窗口人员超过 { $cap } 人

## 网格表的行错误

roster-err-grid-missing-community = 社区为空
roster-err-grid-missing-name = 网格名称为空
roster-err-grid-duplicate = 网格“{ $community } / { $grid }”与第 { $first_row } 行重复
roster-err-bad-number = { $column ->
        [households] 户数
        [population] 人口
       *[other] { $column }
    }“{ $value }”不是有效的非负整数

## 模板“说明”工作表

roster-tpl-title = 人员名单填写说明
roster-tpl-columns = 列：姓名、手机号、角色为必填；社区、网格、部门按角色填写；街道仅在一个系统服务多个街道时填写。
roster-tpl-separators = 一人多个角色、多个社区或多个网格时，用顿号“、”或逗号分隔。
roster-tpl-phone = 手机号填写 11 位大陆手机号，可带 +86、空格或短横线；同一手机号只能出现一次。
roster-tpl-grid-sheet = “网格”工作表列出各社区的网格及户数、人口；填写了该表时，人员表中的网格必须在该表中。
roster-tpl-reimport = 重新导入时按手机号更新人员（姓名、角色、社区、网格、部门以文件为准），不会重复添加；文件中没有的人员保持不变。任何一行有错误时整个文件都不会导入。
roster-tpl-head-role = 角色
roster-tpl-head-community = 社区
roster-tpl-head-department = 部门
roster-tpl-need-required = 必填
roster-tpl-need-many = 必填（可填多个）
roster-tpl-need-optional = 选填
roster-tpl-need-none = 不填
roster-tpl-window-cap = 每个社区的窗口人员最多 { $cap } 人。
